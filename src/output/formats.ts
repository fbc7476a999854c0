/** Output formats per command; kept apart from the commands so the CLI can name them without loading them. */
export const DIAGNOSE_FORMATS = ["table", "json", "markdown", "sarif", "junit", "github", "ndjson", "html", "compact"] as const;
export type DiagnoseFormat = (typeof DIAGNOSE_FORMATS)[number];
