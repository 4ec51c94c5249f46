"use strict";
var __getOwnPropNames = Object.getOwnPropertyNames;
var __commonJS = (cb, mod) => function __require() {
  try {
    return mod || (0, cb[__getOwnPropNames(cb)[0]])((mod = { exports: {} }).exports, mod), mod.exports;
  } catch (e) {
    throw mod = 0, e;
  }
};

// node_modules/ajv/dist/runtime/ucs2length.js
var require_ucs2length = __commonJS({
  "node_modules/ajv/dist/runtime/ucs2length.js"(exports2) {
    "use strict";
    Object.defineProperty(exports2, "__esModule", { value: true });
    function ucs2length(str) {
      const len = str.length;
      let length = 0;
      let pos = 0;
      let value;
      while (pos < len) {
        length++;
        value = str.charCodeAt(pos++);
        if (value >= 55296 && value <= 56319 && pos < len) {
          value = str.charCodeAt(pos);
          if ((value & 64512) === 56320)
            pos++;
        }
      }
      return length;
    }
    exports2.default = ucs2length;
    ucs2length.code = 'require("ajv/dist/runtime/ucs2length").default';
  }
});

// config-validator.cjs
module.exports = validate10;
module.exports.default = validate10;
var schema11 = { "type": "object", "properties": { "frameworks": { "type": "array", "items": { "type": "string" }, "uniqueItems": true }, "fail-on": { "enum": ["critical", "high", "medium", "low", "none"], "default": "low" }, "rules": { "type": "object", "additionalProperties": { "type": "object", "properties": { "severity": { "enum": ["critical", "high", "medium", "low", "info"] }, "parameters": { "type": "object" } }, "additionalProperties": false } }, "skip-paths": { "type": "array", "items": { "type": "string", "minLength": 1 } }, "suppressions": { "type": "array", "items": { "type": "object", "required": ["reason"], "properties": { "rule": { "type": "string", "minLength": 1 }, "resource": { "type": "string", "minLength": 1 }, "path": { "type": "string", "minLength": 1 }, "account": { "type": "string", "pattern": "^\\d{12}$" }, "region": { "type": "string", "pattern": "^[a-z]{2}(-[a-z]+)+-\\d$" }, "reason": { "type": "string", "minLength": 3 }, "owner": { "type": "string", "minLength": 1 }, "expires": { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$" } }, "anyOf": [{ "required": ["rule"] }, { "required": ["resource"] }, { "required": ["path"] }, { "required": ["account"] }, { "required": ["region"] }], "additionalProperties": false } }, "attestations": { "type": "string", "minLength": 1 }, "attestation-max-age-days": { "type": "integer", "minimum": 1, "default": 365 }, "aws": { "type": "object", "properties": { "regions": { "type": "array", "items": { "type": "string" } }, "role-arn": { "type": "string", "pattern": "^arn:aws[a-z-]*:iam::(\\d{12}|\\{account\\}):role/.+$" }, "external-id": { "type": "string" }, "accounts": { "type": "array", "items": { "type": "string", "pattern": "^\\d{12}$" } }, "max-rps": { "type": "integer", "minimum": 1, "maximum": 1e4 }, "concurrency": { "type": "integer", "minimum": 1, "maximum": 256 } }, "additionalProperties": false } }, "additionalProperties": false };
var func2 = require_ucs2length().default;
var pattern0 = new RegExp("^\\d{12}$", "u");
var pattern1 = new RegExp("^[a-z]{2}(-[a-z]+)+-\\d$", "u");
var pattern2 = new RegExp("^\\d{4}-\\d{2}-\\d{2}$", "u");
var pattern3 = new RegExp("^arn:aws[a-z-]*:iam::(\\d{12}|\\{account\\}):role/.+$", "u");
function validate10(data, { instancePath = "", parentData, parentDataProperty, rootData = data } = {}) {
  let vErrors = null;
  let errors = 0;
  if (data && typeof data == "object" && !Array.isArray(data)) {
    if (data["fail-on"] === void 0) {
      data["fail-on"] = "low";
    }
    if (data["attestation-max-age-days"] === void 0) {
      data["attestation-max-age-days"] = 365;
    }
    for (const key0 in data) {
      if (!(key0 === "frameworks" || key0 === "fail-on" || key0 === "rules" || key0 === "skip-paths" || key0 === "suppressions" || key0 === "attestations" || key0 === "attestation-max-age-days" || key0 === "aws")) {
        const err0 = { instancePath, schemaPath: "#/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key0 }, message: "must NOT have additional properties", schema: false, parentSchema: schema11, data };
        if (vErrors === null) {
          vErrors = [err0];
        } else {
          vErrors.push(err0);
        }
        errors++;
      }
    }
    if (data.frameworks !== void 0) {
      let data0 = data.frameworks;
      if (Array.isArray(data0)) {
        const len0 = data0.length;
        for (let i0 = 0; i0 < len0; i0++) {
          let data1 = data0[i0];
          if (typeof data1 !== "string") {
            const err1 = { instancePath: instancePath + "/frameworks/" + i0, schemaPath: "#/properties/frameworks/items/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.frameworks.items.type, parentSchema: schema11.properties.frameworks.items, data: data1 };
            if (vErrors === null) {
              vErrors = [err1];
            } else {
              vErrors.push(err1);
            }
            errors++;
          }
        }
        let i1 = data0.length;
        let j0;
        if (i1 > 1) {
          const indices0 = {};
          for (; i1--; ) {
            let item0 = data0[i1];
            if (typeof item0 !== "string") {
              continue;
            }
            if (typeof indices0[item0] == "number") {
              j0 = indices0[item0];
              const err2 = { instancePath: instancePath + "/frameworks", schemaPath: "#/properties/frameworks/uniqueItems", keyword: "uniqueItems", params: { i: i1, j: j0 }, message: "must NOT have duplicate items (items ## " + j0 + " and " + i1 + " are identical)", schema: true, parentSchema: schema11.properties.frameworks, data: data0 };
              if (vErrors === null) {
                vErrors = [err2];
              } else {
                vErrors.push(err2);
              }
              errors++;
              break;
            }
            indices0[item0] = i1;
          }
        }
      } else {
        const err3 = { instancePath: instancePath + "/frameworks", schemaPath: "#/properties/frameworks/type", keyword: "type", params: { type: "array" }, message: "must be array", schema: schema11.properties.frameworks.type, parentSchema: schema11.properties.frameworks, data: data0 };
        if (vErrors === null) {
          vErrors = [err3];
        } else {
          vErrors.push(err3);
        }
        errors++;
      }
    }
    let data2 = data["fail-on"];
    if (!(data2 === "critical" || data2 === "high" || data2 === "medium" || data2 === "low" || data2 === "none")) {
      const err4 = { instancePath: instancePath + "/fail-on", schemaPath: "#/properties/fail-on/enum", keyword: "enum", params: { allowedValues: schema11.properties["fail-on"].enum }, message: "must be equal to one of the allowed values", schema: schema11.properties["fail-on"].enum, parentSchema: schema11.properties["fail-on"], data: data2 };
      if (vErrors === null) {
        vErrors = [err4];
      } else {
        vErrors.push(err4);
      }
      errors++;
    }
    if (data.rules !== void 0) {
      let data3 = data.rules;
      if (data3 && typeof data3 == "object" && !Array.isArray(data3)) {
        for (const key1 in data3) {
          let data4 = data3[key1];
          if (data4 && typeof data4 == "object" && !Array.isArray(data4)) {
            for (const key2 in data4) {
              if (!(key2 === "severity" || key2 === "parameters")) {
                const err5 = { instancePath: instancePath + "/rules/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"), schemaPath: "#/properties/rules/additionalProperties/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key2 }, message: "must NOT have additional properties", schema: false, parentSchema: schema11.properties.rules.additionalProperties, data: data4 };
                if (vErrors === null) {
                  vErrors = [err5];
                } else {
                  vErrors.push(err5);
                }
                errors++;
              }
            }
            if (data4.severity !== void 0) {
              let data5 = data4.severity;
              if (!(data5 === "critical" || data5 === "high" || data5 === "medium" || data5 === "low" || data5 === "info")) {
                const err6 = { instancePath: instancePath + "/rules/" + key1.replace(/~/g, "~0").replace(/\//g, "~1") + "/severity", schemaPath: "#/properties/rules/additionalProperties/properties/severity/enum", keyword: "enum", params: { allowedValues: schema11.properties.rules.additionalProperties.properties.severity.enum }, message: "must be equal to one of the allowed values", schema: schema11.properties.rules.additionalProperties.properties.severity.enum, parentSchema: schema11.properties.rules.additionalProperties.properties.severity, data: data5 };
                if (vErrors === null) {
                  vErrors = [err6];
                } else {
                  vErrors.push(err6);
                }
                errors++;
              }
            }
            if (data4.parameters !== void 0) {
              let data6 = data4.parameters;
              if (!(data6 && typeof data6 == "object" && !Array.isArray(data6))) {
                const err7 = { instancePath: instancePath + "/rules/" + key1.replace(/~/g, "~0").replace(/\//g, "~1") + "/parameters", schemaPath: "#/properties/rules/additionalProperties/properties/parameters/type", keyword: "type", params: { type: "object" }, message: "must be object", schema: schema11.properties.rules.additionalProperties.properties.parameters.type, parentSchema: schema11.properties.rules.additionalProperties.properties.parameters, data: data6 };
                if (vErrors === null) {
                  vErrors = [err7];
                } else {
                  vErrors.push(err7);
                }
                errors++;
              }
            }
          } else {
            const err8 = { instancePath: instancePath + "/rules/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"), schemaPath: "#/properties/rules/additionalProperties/type", keyword: "type", params: { type: "object" }, message: "must be object", schema: schema11.properties.rules.additionalProperties.type, parentSchema: schema11.properties.rules.additionalProperties, data: data4 };
            if (vErrors === null) {
              vErrors = [err8];
            } else {
              vErrors.push(err8);
            }
            errors++;
          }
        }
      } else {
        const err9 = { instancePath: instancePath + "/rules", schemaPath: "#/properties/rules/type", keyword: "type", params: { type: "object" }, message: "must be object", schema: schema11.properties.rules.type, parentSchema: schema11.properties.rules, data: data3 };
        if (vErrors === null) {
          vErrors = [err9];
        } else {
          vErrors.push(err9);
        }
        errors++;
      }
    }
    if (data["skip-paths"] !== void 0) {
      let data7 = data["skip-paths"];
      if (Array.isArray(data7)) {
        const len1 = data7.length;
        for (let i2 = 0; i2 < len1; i2++) {
          let data8 = data7[i2];
          if (typeof data8 === "string") {
            if (func2(data8) < 1) {
              const err10 = { instancePath: instancePath + "/skip-paths/" + i2, schemaPath: "#/properties/skip-paths/items/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties["skip-paths"].items, data: data8 };
              if (vErrors === null) {
                vErrors = [err10];
              } else {
                vErrors.push(err10);
              }
              errors++;
            }
          } else {
            const err11 = { instancePath: instancePath + "/skip-paths/" + i2, schemaPath: "#/properties/skip-paths/items/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties["skip-paths"].items.type, parentSchema: schema11.properties["skip-paths"].items, data: data8 };
            if (vErrors === null) {
              vErrors = [err11];
            } else {
              vErrors.push(err11);
            }
            errors++;
          }
        }
      } else {
        const err12 = { instancePath: instancePath + "/skip-paths", schemaPath: "#/properties/skip-paths/type", keyword: "type", params: { type: "array" }, message: "must be array", schema: schema11.properties["skip-paths"].type, parentSchema: schema11.properties["skip-paths"], data: data7 };
        if (vErrors === null) {
          vErrors = [err12];
        } else {
          vErrors.push(err12);
        }
        errors++;
      }
    }
    if (data.suppressions !== void 0) {
      let data9 = data.suppressions;
      if (Array.isArray(data9)) {
        const len2 = data9.length;
        for (let i3 = 0; i3 < len2; i3++) {
          let data10 = data9[i3];
          const _errs24 = errors;
          let valid10 = false;
          const _errs25 = errors;
          if (data10 && typeof data10 == "object" && !Array.isArray(data10)) {
            if (data10.rule === void 0) {
              const err13 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/items/anyOf/0/required", keyword: "required", params: { missingProperty: "rule" }, message: "must have required property 'rule'", schema: schema11.properties.suppressions.items.anyOf[0].required, parentSchema: schema11.properties.suppressions.items.anyOf[0], data: data10 };
              if (vErrors === null) {
                vErrors = [err13];
              } else {
                vErrors.push(err13);
              }
              errors++;
            }
          }
          var _valid0 = _errs25 === errors;
          valid10 = valid10 || _valid0;
          if (!valid10) {
            const _errs26 = errors;
            if (data10 && typeof data10 == "object" && !Array.isArray(data10)) {
              if (data10.resource === void 0) {
                const err14 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/items/anyOf/1/required", keyword: "required", params: { missingProperty: "resource" }, message: "must have required property 'resource'", schema: schema11.properties.suppressions.items.anyOf[1].required, parentSchema: schema11.properties.suppressions.items.anyOf[1], data: data10 };
                if (vErrors === null) {
                  vErrors = [err14];
                } else {
                  vErrors.push(err14);
                }
                errors++;
              }
            }
            var _valid0 = _errs26 === errors;
            valid10 = valid10 || _valid0;
            if (!valid10) {
              const _errs27 = errors;
              if (data10 && typeof data10 == "object" && !Array.isArray(data10)) {
                if (data10.path === void 0) {
                  const err15 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/items/anyOf/2/required", keyword: "required", params: { missingProperty: "path" }, message: "must have required property 'path'", schema: schema11.properties.suppressions.items.anyOf[2].required, parentSchema: schema11.properties.suppressions.items.anyOf[2], data: data10 };
                  if (vErrors === null) {
                    vErrors = [err15];
                  } else {
                    vErrors.push(err15);
                  }
                  errors++;
                }
              }
              var _valid0 = _errs27 === errors;
              valid10 = valid10 || _valid0;
              if (!valid10) {
                const _errs28 = errors;
                if (data10 && typeof data10 == "object" && !Array.isArray(data10)) {
                  if (data10.account === void 0) {
                    const err16 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/items/anyOf/3/required", keyword: "required", params: { missingProperty: "account" }, message: "must have required property 'account'", schema: schema11.properties.suppressions.items.anyOf[3].required, parentSchema: schema11.properties.suppressions.items.anyOf[3], data: data10 };
                    if (vErrors === null) {
                      vErrors = [err16];
                    } else {
                      vErrors.push(err16);
                    }
                    errors++;
                  }
                }
                var _valid0 = _errs28 === errors;
                valid10 = valid10 || _valid0;
                if (!valid10) {
                  const _errs29 = errors;
                  if (data10 && typeof data10 == "object" && !Array.isArray(data10)) {
                    if (data10.region === void 0) {
                      const err17 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/items/anyOf/4/required", keyword: "required", params: { missingProperty: "region" }, message: "must have required property 'region'", schema: schema11.properties.suppressions.items.anyOf[4].required, parentSchema: schema11.properties.suppressions.items.anyOf[4], data: data10 };
                      if (vErrors === null) {
                        vErrors = [err17];
                      } else {
                        vErrors.push(err17);
                      }
                      errors++;
                    }
                  }
                  var _valid0 = _errs29 === errors;
                  valid10 = valid10 || _valid0;
                }
              }
            }
          }
          if (!valid10) {
            const err18 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/items/anyOf", keyword: "anyOf", params: {}, message: "must match a schema in anyOf", schema: schema11.properties.suppressions.items.anyOf, parentSchema: schema11.properties.suppressions.items, data: data10 };
            if (vErrors === null) {
              vErrors = [err18];
            } else {
              vErrors.push(err18);
            }
            errors++;
          } else {
            errors = _errs24;
            if (vErrors !== null) {
              if (_errs24) {
                vErrors.length = _errs24;
              } else {
                vErrors = null;
              }
            }
          }
          if (data10 && typeof data10 == "object" && !Array.isArray(data10)) {
            if (data10.reason === void 0) {
              const err19 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/items/required", keyword: "required", params: { missingProperty: "reason" }, message: "must have required property 'reason'", schema: schema11.properties.suppressions.items.required, parentSchema: schema11.properties.suppressions.items, data: data10 };
              if (vErrors === null) {
                vErrors = [err19];
              } else {
                vErrors.push(err19);
              }
              errors++;
            }
            for (const key3 in data10) {
              if (!(key3 === "rule" || key3 === "resource" || key3 === "path" || key3 === "account" || key3 === "region" || key3 === "reason" || key3 === "owner" || key3 === "expires")) {
                const err20 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/items/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key3 }, message: "must NOT have additional properties", schema: false, parentSchema: schema11.properties.suppressions.items, data: data10 };
                if (vErrors === null) {
                  vErrors = [err20];
                } else {
                  vErrors.push(err20);
                }
                errors++;
              }
            }
            if (data10.rule !== void 0) {
              let data11 = data10.rule;
              if (typeof data11 === "string") {
                if (func2(data11) < 1) {
                  const err21 = { instancePath: instancePath + "/suppressions/" + i3 + "/rule", schemaPath: "#/properties/suppressions/items/properties/rule/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties.suppressions.items.properties.rule, data: data11 };
                  if (vErrors === null) {
                    vErrors = [err21];
                  } else {
                    vErrors.push(err21);
                  }
                  errors++;
                }
              } else {
                const err22 = { instancePath: instancePath + "/suppressions/" + i3 + "/rule", schemaPath: "#/properties/suppressions/items/properties/rule/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.items.properties.rule.type, parentSchema: schema11.properties.suppressions.items.properties.rule, data: data11 };
                if (vErrors === null) {
                  vErrors = [err22];
                } else {
                  vErrors.push(err22);
                }
                errors++;
              }
            }
            if (data10.resource !== void 0) {
              let data12 = data10.resource;
              if (typeof data12 === "string") {
                if (func2(data12) < 1) {
                  const err23 = { instancePath: instancePath + "/suppressions/" + i3 + "/resource", schemaPath: "#/properties/suppressions/items/properties/resource/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties.suppressions.items.properties.resource, data: data12 };
                  if (vErrors === null) {
                    vErrors = [err23];
                  } else {
                    vErrors.push(err23);
                  }
                  errors++;
                }
              } else {
                const err24 = { instancePath: instancePath + "/suppressions/" + i3 + "/resource", schemaPath: "#/properties/suppressions/items/properties/resource/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.items.properties.resource.type, parentSchema: schema11.properties.suppressions.items.properties.resource, data: data12 };
                if (vErrors === null) {
                  vErrors = [err24];
                } else {
                  vErrors.push(err24);
                }
                errors++;
              }
            }
            if (data10.path !== void 0) {
              let data13 = data10.path;
              if (typeof data13 === "string") {
                if (func2(data13) < 1) {
                  const err25 = { instancePath: instancePath + "/suppressions/" + i3 + "/path", schemaPath: "#/properties/suppressions/items/properties/path/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties.suppressions.items.properties.path, data: data13 };
                  if (vErrors === null) {
                    vErrors = [err25];
                  } else {
                    vErrors.push(err25);
                  }
                  errors++;
                }
              } else {
                const err26 = { instancePath: instancePath + "/suppressions/" + i3 + "/path", schemaPath: "#/properties/suppressions/items/properties/path/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.items.properties.path.type, parentSchema: schema11.properties.suppressions.items.properties.path, data: data13 };
                if (vErrors === null) {
                  vErrors = [err26];
                } else {
                  vErrors.push(err26);
                }
                errors++;
              }
            }
            if (data10.account !== void 0) {
              let data14 = data10.account;
              if (typeof data14 === "string") {
                if (!pattern0.test(data14)) {
                  const err27 = { instancePath: instancePath + "/suppressions/" + i3 + "/account", schemaPath: "#/properties/suppressions/items/properties/account/pattern", keyword: "pattern", params: { pattern: "^\\d{12}$" }, message: 'must match pattern "^\\d{12}$"', schema: "^\\d{12}$", parentSchema: schema11.properties.suppressions.items.properties.account, data: data14 };
                  if (vErrors === null) {
                    vErrors = [err27];
                  } else {
                    vErrors.push(err27);
                  }
                  errors++;
                }
              } else {
                const err28 = { instancePath: instancePath + "/suppressions/" + i3 + "/account", schemaPath: "#/properties/suppressions/items/properties/account/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.items.properties.account.type, parentSchema: schema11.properties.suppressions.items.properties.account, data: data14 };
                if (vErrors === null) {
                  vErrors = [err28];
                } else {
                  vErrors.push(err28);
                }
                errors++;
              }
            }
            if (data10.region !== void 0) {
              let data15 = data10.region;
              if (typeof data15 === "string") {
                if (!pattern1.test(data15)) {
                  const err29 = { instancePath: instancePath + "/suppressions/" + i3 + "/region", schemaPath: "#/properties/suppressions/items/properties/region/pattern", keyword: "pattern", params: { pattern: "^[a-z]{2}(-[a-z]+)+-\\d$" }, message: 'must match pattern "^[a-z]{2}(-[a-z]+)+-\\d$"', schema: "^[a-z]{2}(-[a-z]+)+-\\d$", parentSchema: schema11.properties.suppressions.items.properties.region, data: data15 };
                  if (vErrors === null) {
                    vErrors = [err29];
                  } else {
                    vErrors.push(err29);
                  }
                  errors++;
                }
              } else {
                const err30 = { instancePath: instancePath + "/suppressions/" + i3 + "/region", schemaPath: "#/properties/suppressions/items/properties/region/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.items.properties.region.type, parentSchema: schema11.properties.suppressions.items.properties.region, data: data15 };
                if (vErrors === null) {
                  vErrors = [err30];
                } else {
                  vErrors.push(err30);
                }
                errors++;
              }
            }
            if (data10.reason !== void 0) {
              let data16 = data10.reason;
              if (typeof data16 === "string") {
                if (func2(data16) < 3) {
                  const err31 = { instancePath: instancePath + "/suppressions/" + i3 + "/reason", schemaPath: "#/properties/suppressions/items/properties/reason/minLength", keyword: "minLength", params: { limit: 3 }, message: "must NOT have fewer than 3 characters", schema: 3, parentSchema: schema11.properties.suppressions.items.properties.reason, data: data16 };
                  if (vErrors === null) {
                    vErrors = [err31];
                  } else {
                    vErrors.push(err31);
                  }
                  errors++;
                }
              } else {
                const err32 = { instancePath: instancePath + "/suppressions/" + i3 + "/reason", schemaPath: "#/properties/suppressions/items/properties/reason/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.items.properties.reason.type, parentSchema: schema11.properties.suppressions.items.properties.reason, data: data16 };
                if (vErrors === null) {
                  vErrors = [err32];
                } else {
                  vErrors.push(err32);
                }
                errors++;
              }
            }
            if (data10.owner !== void 0) {
              let data17 = data10.owner;
              if (typeof data17 === "string") {
                if (func2(data17) < 1) {
                  const err33 = { instancePath: instancePath + "/suppressions/" + i3 + "/owner", schemaPath: "#/properties/suppressions/items/properties/owner/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties.suppressions.items.properties.owner, data: data17 };
                  if (vErrors === null) {
                    vErrors = [err33];
                  } else {
                    vErrors.push(err33);
                  }
                  errors++;
                }
              } else {
                const err34 = { instancePath: instancePath + "/suppressions/" + i3 + "/owner", schemaPath: "#/properties/suppressions/items/properties/owner/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.items.properties.owner.type, parentSchema: schema11.properties.suppressions.items.properties.owner, data: data17 };
                if (vErrors === null) {
                  vErrors = [err34];
                } else {
                  vErrors.push(err34);
                }
                errors++;
              }
            }
            if (data10.expires !== void 0) {
              let data18 = data10.expires;
              if (typeof data18 === "string") {
                if (!pattern2.test(data18)) {
                  const err35 = { instancePath: instancePath + "/suppressions/" + i3 + "/expires", schemaPath: "#/properties/suppressions/items/properties/expires/pattern", keyword: "pattern", params: { pattern: "^\\d{4}-\\d{2}-\\d{2}$" }, message: 'must match pattern "^\\d{4}-\\d{2}-\\d{2}$"', schema: "^\\d{4}-\\d{2}-\\d{2}$", parentSchema: schema11.properties.suppressions.items.properties.expires, data: data18 };
                  if (vErrors === null) {
                    vErrors = [err35];
                  } else {
                    vErrors.push(err35);
                  }
                  errors++;
                }
              } else {
                const err36 = { instancePath: instancePath + "/suppressions/" + i3 + "/expires", schemaPath: "#/properties/suppressions/items/properties/expires/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.items.properties.expires.type, parentSchema: schema11.properties.suppressions.items.properties.expires, data: data18 };
                if (vErrors === null) {
                  vErrors = [err36];
                } else {
                  vErrors.push(err36);
                }
                errors++;
              }
            }
          } else {
            const err37 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/items/type", keyword: "type", params: { type: "object" }, message: "must be object", schema: schema11.properties.suppressions.items.type, parentSchema: schema11.properties.suppressions.items, data: data10 };
            if (vErrors === null) {
              vErrors = [err37];
            } else {
              vErrors.push(err37);
            }
            errors++;
          }
        }
      } else {
        const err38 = { instancePath: instancePath + "/suppressions", schemaPath: "#/properties/suppressions/type", keyword: "type", params: { type: "array" }, message: "must be array", schema: schema11.properties.suppressions.type, parentSchema: schema11.properties.suppressions, data: data9 };
        if (vErrors === null) {
          vErrors = [err38];
        } else {
          vErrors.push(err38);
        }
        errors++;
      }
    }
    if (data.attestations !== void 0) {
      let data19 = data.attestations;
      if (typeof data19 === "string") {
        if (func2(data19) < 1) {
          const err39 = { instancePath: instancePath + "/attestations", schemaPath: "#/properties/attestations/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties.attestations, data: data19 };
          if (vErrors === null) {
            vErrors = [err39];
          } else {
            vErrors.push(err39);
          }
          errors++;
        }
      } else {
        const err40 = { instancePath: instancePath + "/attestations", schemaPath: "#/properties/attestations/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.attestations.type, parentSchema: schema11.properties.attestations, data: data19 };
        if (vErrors === null) {
          vErrors = [err40];
        } else {
          vErrors.push(err40);
        }
        errors++;
      }
    }
    let data20 = data["attestation-max-age-days"];
    if (!(typeof data20 == "number" && (!(data20 % 1) && !isNaN(data20)))) {
      const err41 = { instancePath: instancePath + "/attestation-max-age-days", schemaPath: "#/properties/attestation-max-age-days/type", keyword: "type", params: { type: "integer" }, message: "must be integer", schema: schema11.properties["attestation-max-age-days"].type, parentSchema: schema11.properties["attestation-max-age-days"], data: data20 };
      if (vErrors === null) {
        vErrors = [err41];
      } else {
        vErrors.push(err41);
      }
      errors++;
    }
    if (typeof data20 == "number") {
      if (data20 < 1 || isNaN(data20)) {
        const err42 = { instancePath: instancePath + "/attestation-max-age-days", schemaPath: "#/properties/attestation-max-age-days/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1", schema: 1, parentSchema: schema11.properties["attestation-max-age-days"], data: data20 };
        if (vErrors === null) {
          vErrors = [err42];
        } else {
          vErrors.push(err42);
        }
        errors++;
      }
    }
    if (data.aws !== void 0) {
      let data21 = data.aws;
      if (data21 && typeof data21 == "object" && !Array.isArray(data21)) {
        for (const key4 in data21) {
          if (!(key4 === "regions" || key4 === "role-arn" || key4 === "external-id" || key4 === "accounts" || key4 === "max-rps" || key4 === "concurrency")) {
            const err43 = { instancePath: instancePath + "/aws", schemaPath: "#/properties/aws/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key4 }, message: "must NOT have additional properties", schema: false, parentSchema: schema11.properties.aws, data: data21 };
            if (vErrors === null) {
              vErrors = [err43];
            } else {
              vErrors.push(err43);
            }
            errors++;
          }
        }
        if (data21.regions !== void 0) {
          let data22 = data21.regions;
          if (Array.isArray(data22)) {
            const len3 = data22.length;
            for (let i4 = 0; i4 < len3; i4++) {
              let data23 = data22[i4];
              if (typeof data23 !== "string") {
                const err44 = { instancePath: instancePath + "/aws/regions/" + i4, schemaPath: "#/properties/aws/properties/regions/items/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.aws.properties.regions.items.type, parentSchema: schema11.properties.aws.properties.regions.items, data: data23 };
                if (vErrors === null) {
                  vErrors = [err44];
                } else {
                  vErrors.push(err44);
                }
                errors++;
              }
            }
          } else {
            const err45 = { instancePath: instancePath + "/aws/regions", schemaPath: "#/properties/aws/properties/regions/type", keyword: "type", params: { type: "array" }, message: "must be array", schema: schema11.properties.aws.properties.regions.type, parentSchema: schema11.properties.aws.properties.regions, data: data22 };
            if (vErrors === null) {
              vErrors = [err45];
            } else {
              vErrors.push(err45);
            }
            errors++;
          }
        }
        if (data21["role-arn"] !== void 0) {
          let data24 = data21["role-arn"];
          if (typeof data24 === "string") {
            if (!pattern3.test(data24)) {
              const err46 = { instancePath: instancePath + "/aws/role-arn", schemaPath: "#/properties/aws/properties/role-arn/pattern", keyword: "pattern", params: { pattern: "^arn:aws[a-z-]*:iam::(\\d{12}|\\{account\\}):role/.+$" }, message: 'must match pattern "^arn:aws[a-z-]*:iam::(\\d{12}|\\{account\\}):role/.+$"', schema: "^arn:aws[a-z-]*:iam::(\\d{12}|\\{account\\}):role/.+$", parentSchema: schema11.properties.aws.properties["role-arn"], data: data24 };
              if (vErrors === null) {
                vErrors = [err46];
              } else {
                vErrors.push(err46);
              }
              errors++;
            }
          } else {
            const err47 = { instancePath: instancePath + "/aws/role-arn", schemaPath: "#/properties/aws/properties/role-arn/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.aws.properties["role-arn"].type, parentSchema: schema11.properties.aws.properties["role-arn"], data: data24 };
            if (vErrors === null) {
              vErrors = [err47];
            } else {
              vErrors.push(err47);
            }
            errors++;
          }
        }
        if (data21["external-id"] !== void 0) {
          let data25 = data21["external-id"];
          if (typeof data25 !== "string") {
            const err48 = { instancePath: instancePath + "/aws/external-id", schemaPath: "#/properties/aws/properties/external-id/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.aws.properties["external-id"].type, parentSchema: schema11.properties.aws.properties["external-id"], data: data25 };
            if (vErrors === null) {
              vErrors = [err48];
            } else {
              vErrors.push(err48);
            }
            errors++;
          }
        }
        if (data21.accounts !== void 0) {
          let data26 = data21.accounts;
          if (Array.isArray(data26)) {
            const len4 = data26.length;
            for (let i5 = 0; i5 < len4; i5++) {
              let data27 = data26[i5];
              if (typeof data27 === "string") {
                if (!pattern0.test(data27)) {
                  const err49 = { instancePath: instancePath + "/aws/accounts/" + i5, schemaPath: "#/properties/aws/properties/accounts/items/pattern", keyword: "pattern", params: { pattern: "^\\d{12}$" }, message: 'must match pattern "^\\d{12}$"', schema: "^\\d{12}$", parentSchema: schema11.properties.aws.properties.accounts.items, data: data27 };
                  if (vErrors === null) {
                    vErrors = [err49];
                  } else {
                    vErrors.push(err49);
                  }
                  errors++;
                }
              } else {
                const err50 = { instancePath: instancePath + "/aws/accounts/" + i5, schemaPath: "#/properties/aws/properties/accounts/items/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.aws.properties.accounts.items.type, parentSchema: schema11.properties.aws.properties.accounts.items, data: data27 };
                if (vErrors === null) {
                  vErrors = [err50];
                } else {
                  vErrors.push(err50);
                }
                errors++;
              }
            }
          } else {
            const err51 = { instancePath: instancePath + "/aws/accounts", schemaPath: "#/properties/aws/properties/accounts/type", keyword: "type", params: { type: "array" }, message: "must be array", schema: schema11.properties.aws.properties.accounts.type, parentSchema: schema11.properties.aws.properties.accounts, data: data26 };
            if (vErrors === null) {
              vErrors = [err51];
            } else {
              vErrors.push(err51);
            }
            errors++;
          }
        }
        if (data21["max-rps"] !== void 0) {
          let data28 = data21["max-rps"];
          if (!(typeof data28 == "number" && (!(data28 % 1) && !isNaN(data28)))) {
            const err52 = { instancePath: instancePath + "/aws/max-rps", schemaPath: "#/properties/aws/properties/max-rps/type", keyword: "type", params: { type: "integer" }, message: "must be integer", schema: schema11.properties.aws.properties["max-rps"].type, parentSchema: schema11.properties.aws.properties["max-rps"], data: data28 };
            if (vErrors === null) {
              vErrors = [err52];
            } else {
              vErrors.push(err52);
            }
            errors++;
          }
          if (typeof data28 == "number") {
            if (data28 > 1e4 || isNaN(data28)) {
              const err53 = { instancePath: instancePath + "/aws/max-rps", schemaPath: "#/properties/aws/properties/max-rps/maximum", keyword: "maximum", params: { comparison: "<=", limit: 1e4 }, message: "must be <= 10000", schema: 1e4, parentSchema: schema11.properties.aws.properties["max-rps"], data: data28 };
              if (vErrors === null) {
                vErrors = [err53];
              } else {
                vErrors.push(err53);
              }
              errors++;
            }
            if (data28 < 1 || isNaN(data28)) {
              const err54 = { instancePath: instancePath + "/aws/max-rps", schemaPath: "#/properties/aws/properties/max-rps/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1", schema: 1, parentSchema: schema11.properties.aws.properties["max-rps"], data: data28 };
              if (vErrors === null) {
                vErrors = [err54];
              } else {
                vErrors.push(err54);
              }
              errors++;
            }
          }
        }
        if (data21.concurrency !== void 0) {
          let data29 = data21.concurrency;
          if (!(typeof data29 == "number" && (!(data29 % 1) && !isNaN(data29)))) {
            const err55 = { instancePath: instancePath + "/aws/concurrency", schemaPath: "#/properties/aws/properties/concurrency/type", keyword: "type", params: { type: "integer" }, message: "must be integer", schema: schema11.properties.aws.properties.concurrency.type, parentSchema: schema11.properties.aws.properties.concurrency, data: data29 };
            if (vErrors === null) {
              vErrors = [err55];
            } else {
              vErrors.push(err55);
            }
            errors++;
          }
          if (typeof data29 == "number") {
            if (data29 > 256 || isNaN(data29)) {
              const err56 = { instancePath: instancePath + "/aws/concurrency", schemaPath: "#/properties/aws/properties/concurrency/maximum", keyword: "maximum", params: { comparison: "<=", limit: 256 }, message: "must be <= 256", schema: 256, parentSchema: schema11.properties.aws.properties.concurrency, data: data29 };
              if (vErrors === null) {
                vErrors = [err56];
              } else {
                vErrors.push(err56);
              }
              errors++;
            }
            if (data29 < 1 || isNaN(data29)) {
              const err57 = { instancePath: instancePath + "/aws/concurrency", schemaPath: "#/properties/aws/properties/concurrency/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1", schema: 1, parentSchema: schema11.properties.aws.properties.concurrency, data: data29 };
              if (vErrors === null) {
                vErrors = [err57];
              } else {
                vErrors.push(err57);
              }
              errors++;
            }
          }
        }
      } else {
        const err58 = { instancePath: instancePath + "/aws", schemaPath: "#/properties/aws/type", keyword: "type", params: { type: "object" }, message: "must be object", schema: schema11.properties.aws.type, parentSchema: schema11.properties.aws, data: data21 };
        if (vErrors === null) {
          vErrors = [err58];
        } else {
          vErrors.push(err58);
        }
        errors++;
      }
    }
  } else {
    const err59 = { instancePath, schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object", schema: schema11.type, parentSchema: schema11, data };
    if (vErrors === null) {
      vErrors = [err59];
    } else {
      vErrors.push(err59);
    }
    errors++;
  }
  validate10.errors = vErrors;
  return errors === 0;
}
module.exports.key = "1a05f89f99ebc7525ed344d506a3f65f2119f8149246f5fa51fba8895e89f045";
