/**
 * UI text. Plain language: one idea per sentence, 15 words or fewer.
 * TODO(i18n): the i18n layer (English and Hindi) replaces this table in the screens issue.
 */
export const strings = {
  title: 'Steadywork',
  lead: 'Standard work, done the same way every time.',
  checking: 'Starting. Please wait.',
  electron: (version: string) => `Running in the Steadywork desktop app, version ${version}.`,
  browser: (version: string) => `Running in a web browser through the Steadywork harness, version ${version}.`,
  noToken: 'This page has no access key. Open the address that the harness printed.',
  unauthorized: 'The access key is not valid. Open the address that the harness printed.',
  unreachable: 'Steadywork cannot reach its service. Start the harness again, then reload this page.',
} as const;
