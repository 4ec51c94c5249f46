import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);
var EXIT={ok:0,findings:1,incomplete:2},UsageError=class extends Error{},OutputError=class extends Error{};export{EXIT,UsageError,OutputError};
