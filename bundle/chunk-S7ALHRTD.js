import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);
import{__commonJS,__require}from"./chunk-VV2IZIIV.js";var require_node_crypto=__commonJS({"builtin:node:crypto"(exports,module){module.exports=__require("node:crypto")}});export{require_node_crypto};
