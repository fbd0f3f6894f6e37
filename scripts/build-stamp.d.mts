export declare function staleReason(root: string, stampFile: string, entries: string[]): string | null;
export declare function stamp(builtAt: number, entries: string[], outputs: Iterable<string>, inputs: Iterable<string>): string;
