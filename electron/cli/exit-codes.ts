/** Exit codes of every steadywork command. */
export const EXIT_OK = 0;
/** verify / import: an integrity problem was found (the command itself ran). */
export const EXIT_FAILURE = 1;
/** Bad usage, or a folder / database that cannot be read at all. */
export const EXIT_USAGE = 2;
/** An unexpected error inside steadywork itself (EX_SOFTWARE of sysexits.h): a bug to report, with the log. */
export const EXIT_INTERNAL = 70;
