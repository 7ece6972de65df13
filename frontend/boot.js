// Starts the SPA. A file of its own (not an inline script) so that the Content-Security-Policy
// allows only this origin's scripts; loaded from assets/<build hash>/, next to the wasm.
import init from "./frontend.js";

init({ module_or_path: new URL("./frontend_bg.wasm", import.meta.url) });
