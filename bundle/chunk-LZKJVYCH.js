import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);
function requirementAnchor(framework,citation){let slug=citation.toLowerCase().replace(/[^a-z0-9.]+/g,"-").replace(/\.(?=-|$)/g,"").replace(/-+/g,"-").replace(/^-|-$/g,"");return`${framework.toLowerCase().replace(/[^a-z0-9]+/g,"-")}-${slug}`}export{requirementAnchor};
