import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);
import"./chunk-VV2IZIIV.js";function renderJson(document){return`${JSON.stringify(document,null,2)}
`}export{renderJson};
