import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);
import{__commonJS,__require}from"./chunk-VV2IZIIV.js";var require_fs=__commonJS({"builtin:fs"(exports,module){module.exports=__require("fs")}});export{require_fs};
