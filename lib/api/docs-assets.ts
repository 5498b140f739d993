/**
 * The files of the docs page, by name, with their content types. A Map, not an object literal: a name from the URL
 * such as `__proto__`, `constructor` or `toString` would find a property of Object.prototype in an object, pass as a
 * known asset and reach the file system (a 500). A Map holds exactly its entries.
 */
export const DOCS_ASSETS: ReadonlyMap<string, string> = new Map([
  ['swagger-ui-bundle.js', 'text/javascript; charset=utf-8'],
  ['swagger-ui.css', 'text/css; charset=utf-8'],
]);
