import { createRequire as __vigilCreateRequire } from 'node:module'; const require = __vigilCreateRequire(import.meta.url);
import{toolVersion}from"./chunk-OHDNUJBX.js";import{EXIT,OutputError,UsageError}from"./chunk-TU7AGFN4.js";import{escapeControl,escapeControlKeepLines}from"./chunk-KZDUOQTJ.js";import"./chunk-YIONVGOX.js";import"./chunk-P55WF6SE.js";import"./chunk-F6M7UKVS.js";import"./chunk-VV2IZIIV.js";async function main(argv,given){let io2={...given,argv},code2=EXIT.ok,output="";if(argv.length===1&&(argv[0]==="--version"||argv[0]==="-V"))return io2.stdout(`${toolVersion()}
`),EXIT.ok;try{let{buildParser}=await import("./parser-ZVIFMKXL.js");return await buildParser(argv,io2,c=>code2=c).parseAsync(argv,{},(_err,_argv,text)=>{output=text}),output&&io2.stdout(`${output}
`),code2}catch(error){if(error instanceof OutputError)return io2.stderr(`vigil: ${escapeControl(error.message)}
`),EXIT.incomplete;if(error instanceof UsageError||error instanceof Error&&error.name==="YError")return io2.stderr(`vigil: ${escapeControlKeepLines(error.message)}
Run "vigil --help" for usage.
`),EXIT.incomplete;let[{ConfigError},{CatalogueError}]=await Promise.all([import("./load-5AXNXGKT.js"),import("./catalogue-M6ZMJMBP.js")]);if(error instanceof ConfigError)return io2.stderr(`vigil: the configuration ${error.file} is invalid:
${error.problems.map(p=>`  ${escapeControl(p)}`).join(`
`)}
`),EXIT.incomplete;if(error instanceof CatalogueError)return io2.stderr(`vigil: the rule catalogue is invalid:
${error.problems.map(p=>`  ${escapeControl(p)}`).join(`
`)}
`),EXIT.incomplete;let detail=error instanceof Error?error.stack??error.message:String(error);return io2.stderr(`vigil: internal error, please report it with this output:
${detail}
`),EXIT.incomplete}}function processIo(){let stdoutFailed=!1;return process.stdout.on("error",error=>{stdoutFailed||process.stderr.write(`vigil: cannot write to standard output: ${error.code==="ENOSPC"?"no space left on the device":error.code??error.message}
`),stdoutFailed=!0,process.exitCode=EXIT.incomplete}),{io:{stdout:text=>{process.stdout.write(text)},stderr:text=>{process.stderr.write(text)},isTty:process.stdout.isTTY===!0,stderrIsTty:process.stderr.isTTY===!0,env:process.env,cwd:process.cwd()},exitCode:code2=>stdoutFailed?EXIT.incomplete:code2}}var{io,exitCode}=processIo(),code=await main(process.argv.slice(2),io);process.exitCode=exitCode(code);
