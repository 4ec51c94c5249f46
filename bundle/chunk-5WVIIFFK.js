import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);
import{__commonJS,__require}from"./chunk-VV2IZIIV.js";var require_node_os=__commonJS({"builtin:node:os"(exports,module){module.exports=__require("node:os")}});export{require_node_os};
