/** The review server's default port: its own module, so `seedsnap review --help` need not load the server. */
export const DEFAULT_REVIEW_PORT = 7357;
