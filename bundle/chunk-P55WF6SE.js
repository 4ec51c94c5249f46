import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);
import{__commonJS,__require}from"./chunk-VV2IZIIV.js";var require_node_url=__commonJS({"builtin:node:url"(exports,module){module.exports=__require("node:url")}});export{require_node_url};
