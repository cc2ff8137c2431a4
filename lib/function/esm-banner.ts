/** ESM output needs `require` back for the CommonJS dependencies it bundles. */
export const ESM_REQUIRE_BANNER = "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";
