import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);
import{__commonJS,__require}from"./chunk-VV2IZIIV.js";var require_node_child_process=__commonJS({"builtin:node:child_process"(exports,module){module.exports=__require("node:child_process")}});export{require_node_child_process};
