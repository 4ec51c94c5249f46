declare module 'hcl2-parser' {
  const hcl2: { parseToObject(source: string): [unknown, unknown] };
  export default hcl2;
}
