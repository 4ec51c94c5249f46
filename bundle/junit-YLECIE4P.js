import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);
import{JUNIT_GROUPS,renderJunit,xmlEscape}from"./chunk-2XSWDSWV.js";import"./chunk-3QEAHSZU.js";import"./chunk-T6YBNRQV.js";export{JUNIT_GROUPS,renderJunit,xmlEscape};
