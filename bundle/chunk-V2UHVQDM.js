import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);
function incompleteNotice(document){let errors=document.summary.errors;if(errors!==0)return`incomplete: ${errors} input error${errors===1?"":"s"}; requirements that depend on them are unknown`}export{incompleteNotice};
