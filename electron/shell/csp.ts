/**
 * The one Content-Security-Policy of Steadywork. The Electron shell sends it as a header (app:// protocol
 * responses and session.webRequest), the browser harness sends the same header, and renderer/index.html
 * repeats it in a <meta> tag (without frame-ancestors, which browsers ignore — and warn about — in <meta>).
 * A unit test keeps the three in step.
 */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['style-src', "'self'"],
  ['img-src', "'self' data:"],
  ['font-src', "'self'"],
  ['media-src', "'self'"],
  ['connect-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['frame-ancestors', "'none'"],
  ['form-action', "'none'"],
];

export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');

/** Directives that only work as an HTTP header. */
const HEADER_ONLY = new Set(['frame-ancestors']);

/** The policy as it must appear in the <meta http-equiv="Content-Security-Policy"> of index.html. */
export const META_CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.filter(([name]) => !HEADER_ONLY.has(name))
  .map(([name, value]) => `${name} ${value}`)
  .join('; ');

/** Headers sent with every document and asset that Steadywork serves (app:// and the harness). */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
};
