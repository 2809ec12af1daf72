// The one place the package version lives for code (four-letter words, the CLI banner).
export const RXZK_VERSION = '0.1.0';
