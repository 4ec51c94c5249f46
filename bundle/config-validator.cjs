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
var schema11 = { "type": "object", "properties": { "frameworks": { "type": "array", "items": { "type": "string" }, "uniqueItems": true }, "fail-on": { "enum": ["critical", "high", "medium", "low", "none"], "default": "low" }, "rules": { "type": "object", "additionalProperties": { "type": "object", "properties": { "severity": { "enum": ["critical", "high", "medium", "low", "info"] }, "parameters": { "type": "object" }, "enabled": { "type": "boolean" } }, "additionalProperties": false } }, "skip-paths": { "type": "array", "items": { "type": "string", "minLength": 1 } }, "jobs": { "type": "integer", "minimum": 1, "maximum": 256 }, "suppressions": { "if": { "type": "array" }, "then": { "items": { "type": "object", "required": ["reason"], "properties": { "rule": { "type": "string", "minLength": 1 }, "resource": { "type": "string", "minLength": 1 }, "path": { "type": "string", "minLength": 1 }, "account": { "type": "string", "pattern": "^\\d{12}$" }, "region": { "type": "string", "pattern": "^[a-z]{2}(-[a-z]+)+-\\d$" }, "reason": { "type": "string", "minLength": 3 }, "owner": { "type": "string", "minLength": 1 }, "approver": { "type": "string", "minLength": 1 }, "expires": { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$" } }, "anyOf": [{ "required": ["rule"] }, { "required": ["resource"] }, { "required": ["path"] }, { "required": ["account"] }, { "required": ["region"] }], "additionalProperties": false } }, "else": { "type": "object", "properties": { "requireOwner": { "type": "boolean" }, "requireExpiry": { "type": "boolean" }, "maxExpiryDays": { "type": "integer", "minimum": 1 }, "entries": { "type": "array", "items": { "type": "object", "required": ["reason"], "properties": { "rule": { "type": "string", "minLength": 1 }, "resource": { "type": "string", "minLength": 1 }, "path": { "type": "string", "minLength": 1 }, "account": { "type": "string", "pattern": "^\\d{12}$" }, "region": { "type": "string", "pattern": "^[a-z]{2}(-[a-z]+)+-\\d$" }, "reason": { "type": "string", "minLength": 3 }, "owner": { "type": "string", "minLength": 1 }, "approver": { "type": "string", "minLength": 1 }, "expires": { "type": "string", "pattern": "^\\d{4}-\\d{2}-\\d{2}$" } }, "anyOf": [{ "required": ["rule"] }, { "required": ["resource"] }, { "required": ["path"] }, { "required": ["account"] }, { "required": ["region"] }], "additionalProperties": false } } }, "additionalProperties": false } }, "attestations": { "type": "string", "minLength": 1 }, "attestation-max-age-days": { "type": "integer", "minimum": 1, "default": 365 }, "aws": { "type": "object", "properties": { "regions": { "type": "array", "items": { "type": "string" } }, "role-arn": { "type": "string", "pattern": "^arn:aws[a-z-]*:iam::(\\d{12}|\\{account\\}):role/.+$" }, "external-id": { "type": "string" }, "accounts": { "type": "array", "items": { "type": "string", "pattern": "^\\d{12}$" } }, "max-rps": { "type": "integer", "minimum": 1, "maximum": 1e4 }, "concurrency": { "type": "integer", "minimum": 1, "maximum": 256 } }, "additionalProperties": false } }, "additionalProperties": false };
var func2 = Object.prototype.hasOwnProperty;
var func3 = require_ucs2length().default;
var pattern0 = new RegExp("^\\d{12}$", "u");
var pattern1 = new RegExp("^[a-z]{2}(-[a-z]+)+-\\d$", "u");
var pattern2 = new RegExp("^\\d{4}-\\d{2}-\\d{2}$", "u");
var pattern6 = new RegExp("^arn:aws[a-z-]*:iam::(\\d{12}|\\{account\\}):role/.+$", "u");
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
      if (!func2.call(schema11.properties, key0)) {
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
              if (!(key2 === "severity" || key2 === "parameters" || key2 === "enabled")) {
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
            if (data4.enabled !== void 0) {
              let data7 = data4.enabled;
              if (typeof data7 !== "boolean") {
                const err8 = { instancePath: instancePath + "/rules/" + key1.replace(/~/g, "~0").replace(/\//g, "~1") + "/enabled", schemaPath: "#/properties/rules/additionalProperties/properties/enabled/type", keyword: "type", params: { type: "boolean" }, message: "must be boolean", schema: schema11.properties.rules.additionalProperties.properties.enabled.type, parentSchema: schema11.properties.rules.additionalProperties.properties.enabled, data: data7 };
                if (vErrors === null) {
                  vErrors = [err8];
                } else {
                  vErrors.push(err8);
                }
                errors++;
              }
            }
          } else {
            const err9 = { instancePath: instancePath + "/rules/" + key1.replace(/~/g, "~0").replace(/\//g, "~1"), schemaPath: "#/properties/rules/additionalProperties/type", keyword: "type", params: { type: "object" }, message: "must be object", schema: schema11.properties.rules.additionalProperties.type, parentSchema: schema11.properties.rules.additionalProperties, data: data4 };
            if (vErrors === null) {
              vErrors = [err9];
            } else {
              vErrors.push(err9);
            }
            errors++;
          }
        }
      } else {
        const err10 = { instancePath: instancePath + "/rules", schemaPath: "#/properties/rules/type", keyword: "type", params: { type: "object" }, message: "must be object", schema: schema11.properties.rules.type, parentSchema: schema11.properties.rules, data: data3 };
        if (vErrors === null) {
          vErrors = [err10];
        } else {
          vErrors.push(err10);
        }
        errors++;
      }
    }
    if (data["skip-paths"] !== void 0) {
      let data8 = data["skip-paths"];
      if (Array.isArray(data8)) {
        const len1 = data8.length;
        for (let i2 = 0; i2 < len1; i2++) {
          let data9 = data8[i2];
          if (typeof data9 === "string") {
            if (func3(data9) < 1) {
              const err11 = { instancePath: instancePath + "/skip-paths/" + i2, schemaPath: "#/properties/skip-paths/items/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties["skip-paths"].items, data: data9 };
              if (vErrors === null) {
                vErrors = [err11];
              } else {
                vErrors.push(err11);
              }
              errors++;
            }
          } else {
            const err12 = { instancePath: instancePath + "/skip-paths/" + i2, schemaPath: "#/properties/skip-paths/items/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties["skip-paths"].items.type, parentSchema: schema11.properties["skip-paths"].items, data: data9 };
            if (vErrors === null) {
              vErrors = [err12];
            } else {
              vErrors.push(err12);
            }
            errors++;
          }
        }
      } else {
        const err13 = { instancePath: instancePath + "/skip-paths", schemaPath: "#/properties/skip-paths/type", keyword: "type", params: { type: "array" }, message: "must be array", schema: schema11.properties["skip-paths"].type, parentSchema: schema11.properties["skip-paths"], data: data8 };
        if (vErrors === null) {
          vErrors = [err13];
        } else {
          vErrors.push(err13);
        }
        errors++;
      }
    }
    if (data.jobs !== void 0) {
      let data10 = data.jobs;
      if (!(typeof data10 == "number" && (!(data10 % 1) && !isNaN(data10)))) {
        const err14 = { instancePath: instancePath + "/jobs", schemaPath: "#/properties/jobs/type", keyword: "type", params: { type: "integer" }, message: "must be integer", schema: schema11.properties.jobs.type, parentSchema: schema11.properties.jobs, data: data10 };
        if (vErrors === null) {
          vErrors = [err14];
        } else {
          vErrors.push(err14);
        }
        errors++;
      }
      if (typeof data10 == "number") {
        if (data10 > 256 || isNaN(data10)) {
          const err15 = { instancePath: instancePath + "/jobs", schemaPath: "#/properties/jobs/maximum", keyword: "maximum", params: { comparison: "<=", limit: 256 }, message: "must be <= 256", schema: 256, parentSchema: schema11.properties.jobs, data: data10 };
          if (vErrors === null) {
            vErrors = [err15];
          } else {
            vErrors.push(err15);
          }
          errors++;
        }
        if (data10 < 1 || isNaN(data10)) {
          const err16 = { instancePath: instancePath + "/jobs", schemaPath: "#/properties/jobs/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1", schema: 1, parentSchema: schema11.properties.jobs, data: data10 };
          if (vErrors === null) {
            vErrors = [err16];
          } else {
            vErrors.push(err16);
          }
          errors++;
        }
      }
    }
    if (data.suppressions !== void 0) {
      let data11 = data.suppressions;
      const _errs25 = errors;
      let valid8 = true;
      const _errs26 = errors;
      if (!Array.isArray(data11)) {
        const err17 = {};
        if (vErrors === null) {
          vErrors = [err17];
        } else {
          vErrors.push(err17);
        }
        errors++;
      }
      var _valid0 = _errs26 === errors;
      errors = _errs25;
      if (vErrors !== null) {
        if (_errs25) {
          vErrors.length = _errs25;
        } else {
          vErrors = null;
        }
      }
      let ifClause0;
      if (_valid0) {
        const _errs28 = errors;
        if (Array.isArray(data11)) {
          const len2 = data11.length;
          for (let i3 = 0; i3 < len2; i3++) {
            let data12 = data11[i3];
            const _errs31 = errors;
            let valid11 = false;
            const _errs32 = errors;
            if (data12 && typeof data12 == "object" && !Array.isArray(data12)) {
              if (data12.rule === void 0) {
                const err18 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/then/items/anyOf/0/required", keyword: "required", params: { missingProperty: "rule" }, message: "must have required property 'rule'", schema: schema11.properties.suppressions.then.items.anyOf[0].required, parentSchema: schema11.properties.suppressions.then.items.anyOf[0], data: data12 };
                if (vErrors === null) {
                  vErrors = [err18];
                } else {
                  vErrors.push(err18);
                }
                errors++;
              }
            }
            var _valid1 = _errs32 === errors;
            valid11 = valid11 || _valid1;
            if (!valid11) {
              const _errs33 = errors;
              if (data12 && typeof data12 == "object" && !Array.isArray(data12)) {
                if (data12.resource === void 0) {
                  const err19 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/then/items/anyOf/1/required", keyword: "required", params: { missingProperty: "resource" }, message: "must have required property 'resource'", schema: schema11.properties.suppressions.then.items.anyOf[1].required, parentSchema: schema11.properties.suppressions.then.items.anyOf[1], data: data12 };
                  if (vErrors === null) {
                    vErrors = [err19];
                  } else {
                    vErrors.push(err19);
                  }
                  errors++;
                }
              }
              var _valid1 = _errs33 === errors;
              valid11 = valid11 || _valid1;
              if (!valid11) {
                const _errs34 = errors;
                if (data12 && typeof data12 == "object" && !Array.isArray(data12)) {
                  if (data12.path === void 0) {
                    const err20 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/then/items/anyOf/2/required", keyword: "required", params: { missingProperty: "path" }, message: "must have required property 'path'", schema: schema11.properties.suppressions.then.items.anyOf[2].required, parentSchema: schema11.properties.suppressions.then.items.anyOf[2], data: data12 };
                    if (vErrors === null) {
                      vErrors = [err20];
                    } else {
                      vErrors.push(err20);
                    }
                    errors++;
                  }
                }
                var _valid1 = _errs34 === errors;
                valid11 = valid11 || _valid1;
                if (!valid11) {
                  const _errs35 = errors;
                  if (data12 && typeof data12 == "object" && !Array.isArray(data12)) {
                    if (data12.account === void 0) {
                      const err21 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/then/items/anyOf/3/required", keyword: "required", params: { missingProperty: "account" }, message: "must have required property 'account'", schema: schema11.properties.suppressions.then.items.anyOf[3].required, parentSchema: schema11.properties.suppressions.then.items.anyOf[3], data: data12 };
                      if (vErrors === null) {
                        vErrors = [err21];
                      } else {
                        vErrors.push(err21);
                      }
                      errors++;
                    }
                  }
                  var _valid1 = _errs35 === errors;
                  valid11 = valid11 || _valid1;
                  if (!valid11) {
                    const _errs36 = errors;
                    if (data12 && typeof data12 == "object" && !Array.isArray(data12)) {
                      if (data12.region === void 0) {
                        const err22 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/then/items/anyOf/4/required", keyword: "required", params: { missingProperty: "region" }, message: "must have required property 'region'", schema: schema11.properties.suppressions.then.items.anyOf[4].required, parentSchema: schema11.properties.suppressions.then.items.anyOf[4], data: data12 };
                        if (vErrors === null) {
                          vErrors = [err22];
                        } else {
                          vErrors.push(err22);
                        }
                        errors++;
                      }
                    }
                    var _valid1 = _errs36 === errors;
                    valid11 = valid11 || _valid1;
                  }
                }
              }
            }
            if (!valid11) {
              const err23 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/then/items/anyOf", keyword: "anyOf", params: {}, message: "must match a schema in anyOf", schema: schema11.properties.suppressions.then.items.anyOf, parentSchema: schema11.properties.suppressions.then.items, data: data12 };
              if (vErrors === null) {
                vErrors = [err23];
              } else {
                vErrors.push(err23);
              }
              errors++;
            } else {
              errors = _errs31;
              if (vErrors !== null) {
                if (_errs31) {
                  vErrors.length = _errs31;
                } else {
                  vErrors = null;
                }
              }
            }
            if (data12 && typeof data12 == "object" && !Array.isArray(data12)) {
              if (data12.reason === void 0) {
                const err24 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/then/items/required", keyword: "required", params: { missingProperty: "reason" }, message: "must have required property 'reason'", schema: schema11.properties.suppressions.then.items.required, parentSchema: schema11.properties.suppressions.then.items, data: data12 };
                if (vErrors === null) {
                  vErrors = [err24];
                } else {
                  vErrors.push(err24);
                }
                errors++;
              }
              for (const key3 in data12) {
                if (!func2.call(schema11.properties.suppressions.then.items.properties, key3)) {
                  const err25 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/then/items/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key3 }, message: "must NOT have additional properties", schema: false, parentSchema: schema11.properties.suppressions.then.items, data: data12 };
                  if (vErrors === null) {
                    vErrors = [err25];
                  } else {
                    vErrors.push(err25);
                  }
                  errors++;
                }
              }
              if (data12.rule !== void 0) {
                let data13 = data12.rule;
                if (typeof data13 === "string") {
                  if (func3(data13) < 1) {
                    const err26 = { instancePath: instancePath + "/suppressions/" + i3 + "/rule", schemaPath: "#/properties/suppressions/then/items/properties/rule/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties.suppressions.then.items.properties.rule, data: data13 };
                    if (vErrors === null) {
                      vErrors = [err26];
                    } else {
                      vErrors.push(err26);
                    }
                    errors++;
                  }
                } else {
                  const err27 = { instancePath: instancePath + "/suppressions/" + i3 + "/rule", schemaPath: "#/properties/suppressions/then/items/properties/rule/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.then.items.properties.rule.type, parentSchema: schema11.properties.suppressions.then.items.properties.rule, data: data13 };
                  if (vErrors === null) {
                    vErrors = [err27];
                  } else {
                    vErrors.push(err27);
                  }
                  errors++;
                }
              }
              if (data12.resource !== void 0) {
                let data14 = data12.resource;
                if (typeof data14 === "string") {
                  if (func3(data14) < 1) {
                    const err28 = { instancePath: instancePath + "/suppressions/" + i3 + "/resource", schemaPath: "#/properties/suppressions/then/items/properties/resource/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties.suppressions.then.items.properties.resource, data: data14 };
                    if (vErrors === null) {
                      vErrors = [err28];
                    } else {
                      vErrors.push(err28);
                    }
                    errors++;
                  }
                } else {
                  const err29 = { instancePath: instancePath + "/suppressions/" + i3 + "/resource", schemaPath: "#/properties/suppressions/then/items/properties/resource/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.then.items.properties.resource.type, parentSchema: schema11.properties.suppressions.then.items.properties.resource, data: data14 };
                  if (vErrors === null) {
                    vErrors = [err29];
                  } else {
                    vErrors.push(err29);
                  }
                  errors++;
                }
              }
              if (data12.path !== void 0) {
                let data15 = data12.path;
                if (typeof data15 === "string") {
                  if (func3(data15) < 1) {
                    const err30 = { instancePath: instancePath + "/suppressions/" + i3 + "/path", schemaPath: "#/properties/suppressions/then/items/properties/path/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties.suppressions.then.items.properties.path, data: data15 };
                    if (vErrors === null) {
                      vErrors = [err30];
                    } else {
                      vErrors.push(err30);
                    }
                    errors++;
                  }
                } else {
                  const err31 = { instancePath: instancePath + "/suppressions/" + i3 + "/path", schemaPath: "#/properties/suppressions/then/items/properties/path/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.then.items.properties.path.type, parentSchema: schema11.properties.suppressions.then.items.properties.path, data: data15 };
                  if (vErrors === null) {
                    vErrors = [err31];
                  } else {
                    vErrors.push(err31);
                  }
                  errors++;
                }
              }
              if (data12.account !== void 0) {
                let data16 = data12.account;
                if (typeof data16 === "string") {
                  if (!pattern0.test(data16)) {
                    const err32 = { instancePath: instancePath + "/suppressions/" + i3 + "/account", schemaPath: "#/properties/suppressions/then/items/properties/account/pattern", keyword: "pattern", params: { pattern: "^\\d{12}$" }, message: 'must match pattern "^\\d{12}$"', schema: "^\\d{12}$", parentSchema: schema11.properties.suppressions.then.items.properties.account, data: data16 };
                    if (vErrors === null) {
                      vErrors = [err32];
                    } else {
                      vErrors.push(err32);
                    }
                    errors++;
                  }
                } else {
                  const err33 = { instancePath: instancePath + "/suppressions/" + i3 + "/account", schemaPath: "#/properties/suppressions/then/items/properties/account/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.then.items.properties.account.type, parentSchema: schema11.properties.suppressions.then.items.properties.account, data: data16 };
                  if (vErrors === null) {
                    vErrors = [err33];
                  } else {
                    vErrors.push(err33);
                  }
                  errors++;
                }
              }
              if (data12.region !== void 0) {
                let data17 = data12.region;
                if (typeof data17 === "string") {
                  if (!pattern1.test(data17)) {
                    const err34 = { instancePath: instancePath + "/suppressions/" + i3 + "/region", schemaPath: "#/properties/suppressions/then/items/properties/region/pattern", keyword: "pattern", params: { pattern: "^[a-z]{2}(-[a-z]+)+-\\d$" }, message: 'must match pattern "^[a-z]{2}(-[a-z]+)+-\\d$"', schema: "^[a-z]{2}(-[a-z]+)+-\\d$", parentSchema: schema11.properties.suppressions.then.items.properties.region, data: data17 };
                    if (vErrors === null) {
                      vErrors = [err34];
                    } else {
                      vErrors.push(err34);
                    }
                    errors++;
                  }
                } else {
                  const err35 = { instancePath: instancePath + "/suppressions/" + i3 + "/region", schemaPath: "#/properties/suppressions/then/items/properties/region/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.then.items.properties.region.type, parentSchema: schema11.properties.suppressions.then.items.properties.region, data: data17 };
                  if (vErrors === null) {
                    vErrors = [err35];
                  } else {
                    vErrors.push(err35);
                  }
                  errors++;
                }
              }
              if (data12.reason !== void 0) {
                let data18 = data12.reason;
                if (typeof data18 === "string") {
                  if (func3(data18) < 3) {
                    const err36 = { instancePath: instancePath + "/suppressions/" + i3 + "/reason", schemaPath: "#/properties/suppressions/then/items/properties/reason/minLength", keyword: "minLength", params: { limit: 3 }, message: "must NOT have fewer than 3 characters", schema: 3, parentSchema: schema11.properties.suppressions.then.items.properties.reason, data: data18 };
                    if (vErrors === null) {
                      vErrors = [err36];
                    } else {
                      vErrors.push(err36);
                    }
                    errors++;
                  }
                } else {
                  const err37 = { instancePath: instancePath + "/suppressions/" + i3 + "/reason", schemaPath: "#/properties/suppressions/then/items/properties/reason/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.then.items.properties.reason.type, parentSchema: schema11.properties.suppressions.then.items.properties.reason, data: data18 };
                  if (vErrors === null) {
                    vErrors = [err37];
                  } else {
                    vErrors.push(err37);
                  }
                  errors++;
                }
              }
              if (data12.owner !== void 0) {
                let data19 = data12.owner;
                if (typeof data19 === "string") {
                  if (func3(data19) < 1) {
                    const err38 = { instancePath: instancePath + "/suppressions/" + i3 + "/owner", schemaPath: "#/properties/suppressions/then/items/properties/owner/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties.suppressions.then.items.properties.owner, data: data19 };
                    if (vErrors === null) {
                      vErrors = [err38];
                    } else {
                      vErrors.push(err38);
                    }
                    errors++;
                  }
                } else {
                  const err39 = { instancePath: instancePath + "/suppressions/" + i3 + "/owner", schemaPath: "#/properties/suppressions/then/items/properties/owner/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.then.items.properties.owner.type, parentSchema: schema11.properties.suppressions.then.items.properties.owner, data: data19 };
                  if (vErrors === null) {
                    vErrors = [err39];
                  } else {
                    vErrors.push(err39);
                  }
                  errors++;
                }
              }
              if (data12.approver !== void 0) {
                let data20 = data12.approver;
                if (typeof data20 === "string") {
                  if (func3(data20) < 1) {
                    const err40 = { instancePath: instancePath + "/suppressions/" + i3 + "/approver", schemaPath: "#/properties/suppressions/then/items/properties/approver/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties.suppressions.then.items.properties.approver, data: data20 };
                    if (vErrors === null) {
                      vErrors = [err40];
                    } else {
                      vErrors.push(err40);
                    }
                    errors++;
                  }
                } else {
                  const err41 = { instancePath: instancePath + "/suppressions/" + i3 + "/approver", schemaPath: "#/properties/suppressions/then/items/properties/approver/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.then.items.properties.approver.type, parentSchema: schema11.properties.suppressions.then.items.properties.approver, data: data20 };
                  if (vErrors === null) {
                    vErrors = [err41];
                  } else {
                    vErrors.push(err41);
                  }
                  errors++;
                }
              }
              if (data12.expires !== void 0) {
                let data21 = data12.expires;
                if (typeof data21 === "string") {
                  if (!pattern2.test(data21)) {
                    const err42 = { instancePath: instancePath + "/suppressions/" + i3 + "/expires", schemaPath: "#/properties/suppressions/then/items/properties/expires/pattern", keyword: "pattern", params: { pattern: "^\\d{4}-\\d{2}-\\d{2}$" }, message: 'must match pattern "^\\d{4}-\\d{2}-\\d{2}$"', schema: "^\\d{4}-\\d{2}-\\d{2}$", parentSchema: schema11.properties.suppressions.then.items.properties.expires, data: data21 };
                    if (vErrors === null) {
                      vErrors = [err42];
                    } else {
                      vErrors.push(err42);
                    }
                    errors++;
                  }
                } else {
                  const err43 = { instancePath: instancePath + "/suppressions/" + i3 + "/expires", schemaPath: "#/properties/suppressions/then/items/properties/expires/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.then.items.properties.expires.type, parentSchema: schema11.properties.suppressions.then.items.properties.expires, data: data21 };
                  if (vErrors === null) {
                    vErrors = [err43];
                  } else {
                    vErrors.push(err43);
                  }
                  errors++;
                }
              }
            } else {
              const err44 = { instancePath: instancePath + "/suppressions/" + i3, schemaPath: "#/properties/suppressions/then/items/type", keyword: "type", params: { type: "object" }, message: "must be object", schema: schema11.properties.suppressions.then.items.type, parentSchema: schema11.properties.suppressions.then.items, data: data12 };
              if (vErrors === null) {
                vErrors = [err44];
              } else {
                vErrors.push(err44);
              }
              errors++;
            }
          }
        }
        var _valid0 = _errs28 === errors;
        valid8 = _valid0;
        ifClause0 = "then";
      } else {
        const _errs56 = errors;
        if (data11 && typeof data11 == "object" && !Array.isArray(data11)) {
          for (const key4 in data11) {
            if (!(key4 === "requireOwner" || key4 === "requireExpiry" || key4 === "maxExpiryDays" || key4 === "entries")) {
              const err45 = { instancePath: instancePath + "/suppressions", schemaPath: "#/properties/suppressions/else/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key4 }, message: "must NOT have additional properties", schema: false, parentSchema: schema11.properties.suppressions.else, data: data11 };
              if (vErrors === null) {
                vErrors = [err45];
              } else {
                vErrors.push(err45);
              }
              errors++;
            }
          }
          if (data11.requireOwner !== void 0) {
            let data22 = data11.requireOwner;
            if (typeof data22 !== "boolean") {
              const err46 = { instancePath: instancePath + "/suppressions/requireOwner", schemaPath: "#/properties/suppressions/else/properties/requireOwner/type", keyword: "type", params: { type: "boolean" }, message: "must be boolean", schema: schema11.properties.suppressions.else.properties.requireOwner.type, parentSchema: schema11.properties.suppressions.else.properties.requireOwner, data: data22 };
              if (vErrors === null) {
                vErrors = [err46];
              } else {
                vErrors.push(err46);
              }
              errors++;
            }
          }
          if (data11.requireExpiry !== void 0) {
            let data23 = data11.requireExpiry;
            if (typeof data23 !== "boolean") {
              const err47 = { instancePath: instancePath + "/suppressions/requireExpiry", schemaPath: "#/properties/suppressions/else/properties/requireExpiry/type", keyword: "type", params: { type: "boolean" }, message: "must be boolean", schema: schema11.properties.suppressions.else.properties.requireExpiry.type, parentSchema: schema11.properties.suppressions.else.properties.requireExpiry, data: data23 };
              if (vErrors === null) {
                vErrors = [err47];
              } else {
                vErrors.push(err47);
              }
              errors++;
            }
          }
          if (data11.maxExpiryDays !== void 0) {
            let data24 = data11.maxExpiryDays;
            if (!(typeof data24 == "number" && (!(data24 % 1) && !isNaN(data24)))) {
              const err48 = { instancePath: instancePath + "/suppressions/maxExpiryDays", schemaPath: "#/properties/suppressions/else/properties/maxExpiryDays/type", keyword: "type", params: { type: "integer" }, message: "must be integer", schema: schema11.properties.suppressions.else.properties.maxExpiryDays.type, parentSchema: schema11.properties.suppressions.else.properties.maxExpiryDays, data: data24 };
              if (vErrors === null) {
                vErrors = [err48];
              } else {
                vErrors.push(err48);
              }
              errors++;
            }
            if (typeof data24 == "number") {
              if (data24 < 1 || isNaN(data24)) {
                const err49 = { instancePath: instancePath + "/suppressions/maxExpiryDays", schemaPath: "#/properties/suppressions/else/properties/maxExpiryDays/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1", schema: 1, parentSchema: schema11.properties.suppressions.else.properties.maxExpiryDays, data: data24 };
                if (vErrors === null) {
                  vErrors = [err49];
                } else {
                  vErrors.push(err49);
                }
                errors++;
              }
            }
          }
          if (data11.entries !== void 0) {
            let data25 = data11.entries;
            if (Array.isArray(data25)) {
              const len3 = data25.length;
              for (let i4 = 0; i4 < len3; i4++) {
                let data26 = data25[i4];
                const _errs69 = errors;
                let valid16 = false;
                const _errs70 = errors;
                if (data26 && typeof data26 == "object" && !Array.isArray(data26)) {
                  if (data26.rule === void 0) {
                    const err50 = { instancePath: instancePath + "/suppressions/entries/" + i4, schemaPath: "#/properties/suppressions/else/properties/entries/items/anyOf/0/required", keyword: "required", params: { missingProperty: "rule" }, message: "must have required property 'rule'", schema: schema11.properties.suppressions.else.properties.entries.items.anyOf[0].required, parentSchema: schema11.properties.suppressions.else.properties.entries.items.anyOf[0], data: data26 };
                    if (vErrors === null) {
                      vErrors = [err50];
                    } else {
                      vErrors.push(err50);
                    }
                    errors++;
                  }
                }
                var _valid2 = _errs70 === errors;
                valid16 = valid16 || _valid2;
                if (!valid16) {
                  const _errs71 = errors;
                  if (data26 && typeof data26 == "object" && !Array.isArray(data26)) {
                    if (data26.resource === void 0) {
                      const err51 = { instancePath: instancePath + "/suppressions/entries/" + i4, schemaPath: "#/properties/suppressions/else/properties/entries/items/anyOf/1/required", keyword: "required", params: { missingProperty: "resource" }, message: "must have required property 'resource'", schema: schema11.properties.suppressions.else.properties.entries.items.anyOf[1].required, parentSchema: schema11.properties.suppressions.else.properties.entries.items.anyOf[1], data: data26 };
                      if (vErrors === null) {
                        vErrors = [err51];
                      } else {
                        vErrors.push(err51);
                      }
                      errors++;
                    }
                  }
                  var _valid2 = _errs71 === errors;
                  valid16 = valid16 || _valid2;
                  if (!valid16) {
                    const _errs72 = errors;
                    if (data26 && typeof data26 == "object" && !Array.isArray(data26)) {
                      if (data26.path === void 0) {
                        const err52 = { instancePath: instancePath + "/suppressions/entries/" + i4, schemaPath: "#/properties/suppressions/else/properties/entries/items/anyOf/2/required", keyword: "required", params: { missingProperty: "path" }, message: "must have required property 'path'", schema: schema11.properties.suppressions.else.properties.entries.items.anyOf[2].required, parentSchema: schema11.properties.suppressions.else.properties.entries.items.anyOf[2], data: data26 };
                        if (vErrors === null) {
                          vErrors = [err52];
                        } else {
                          vErrors.push(err52);
                        }
                        errors++;
                      }
                    }
                    var _valid2 = _errs72 === errors;
                    valid16 = valid16 || _valid2;
                    if (!valid16) {
                      const _errs73 = errors;
                      if (data26 && typeof data26 == "object" && !Array.isArray(data26)) {
                        if (data26.account === void 0) {
                          const err53 = { instancePath: instancePath + "/suppressions/entries/" + i4, schemaPath: "#/properties/suppressions/else/properties/entries/items/anyOf/3/required", keyword: "required", params: { missingProperty: "account" }, message: "must have required property 'account'", schema: schema11.properties.suppressions.else.properties.entries.items.anyOf[3].required, parentSchema: schema11.properties.suppressions.else.properties.entries.items.anyOf[3], data: data26 };
                          if (vErrors === null) {
                            vErrors = [err53];
                          } else {
                            vErrors.push(err53);
                          }
                          errors++;
                        }
                      }
                      var _valid2 = _errs73 === errors;
                      valid16 = valid16 || _valid2;
                      if (!valid16) {
                        const _errs74 = errors;
                        if (data26 && typeof data26 == "object" && !Array.isArray(data26)) {
                          if (data26.region === void 0) {
                            const err54 = { instancePath: instancePath + "/suppressions/entries/" + i4, schemaPath: "#/properties/suppressions/else/properties/entries/items/anyOf/4/required", keyword: "required", params: { missingProperty: "region" }, message: "must have required property 'region'", schema: schema11.properties.suppressions.else.properties.entries.items.anyOf[4].required, parentSchema: schema11.properties.suppressions.else.properties.entries.items.anyOf[4], data: data26 };
                            if (vErrors === null) {
                              vErrors = [err54];
                            } else {
                              vErrors.push(err54);
                            }
                            errors++;
                          }
                        }
                        var _valid2 = _errs74 === errors;
                        valid16 = valid16 || _valid2;
                      }
                    }
                  }
                }
                if (!valid16) {
                  const err55 = { instancePath: instancePath + "/suppressions/entries/" + i4, schemaPath: "#/properties/suppressions/else/properties/entries/items/anyOf", keyword: "anyOf", params: {}, message: "must match a schema in anyOf", schema: schema11.properties.suppressions.else.properties.entries.items.anyOf, parentSchema: schema11.properties.suppressions.else.properties.entries.items, data: data26 };
                  if (vErrors === null) {
                    vErrors = [err55];
                  } else {
                    vErrors.push(err55);
                  }
                  errors++;
                } else {
                  errors = _errs69;
                  if (vErrors !== null) {
                    if (_errs69) {
                      vErrors.length = _errs69;
                    } else {
                      vErrors = null;
                    }
                  }
                }
                if (data26 && typeof data26 == "object" && !Array.isArray(data26)) {
                  if (data26.reason === void 0) {
                    const err56 = { instancePath: instancePath + "/suppressions/entries/" + i4, schemaPath: "#/properties/suppressions/else/properties/entries/items/required", keyword: "required", params: { missingProperty: "reason" }, message: "must have required property 'reason'", schema: schema11.properties.suppressions.else.properties.entries.items.required, parentSchema: schema11.properties.suppressions.else.properties.entries.items, data: data26 };
                    if (vErrors === null) {
                      vErrors = [err56];
                    } else {
                      vErrors.push(err56);
                    }
                    errors++;
                  }
                  for (const key5 in data26) {
                    if (!func2.call(schema11.properties.suppressions.else.properties.entries.items.properties, key5)) {
                      const err57 = { instancePath: instancePath + "/suppressions/entries/" + i4, schemaPath: "#/properties/suppressions/else/properties/entries/items/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key5 }, message: "must NOT have additional properties", schema: false, parentSchema: schema11.properties.suppressions.else.properties.entries.items, data: data26 };
                      if (vErrors === null) {
                        vErrors = [err57];
                      } else {
                        vErrors.push(err57);
                      }
                      errors++;
                    }
                  }
                  if (data26.rule !== void 0) {
                    let data27 = data26.rule;
                    if (typeof data27 === "string") {
                      if (func3(data27) < 1) {
                        const err58 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/rule", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/rule/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.rule, data: data27 };
                        if (vErrors === null) {
                          vErrors = [err58];
                        } else {
                          vErrors.push(err58);
                        }
                        errors++;
                      }
                    } else {
                      const err59 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/rule", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/rule/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.else.properties.entries.items.properties.rule.type, parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.rule, data: data27 };
                      if (vErrors === null) {
                        vErrors = [err59];
                      } else {
                        vErrors.push(err59);
                      }
                      errors++;
                    }
                  }
                  if (data26.resource !== void 0) {
                    let data28 = data26.resource;
                    if (typeof data28 === "string") {
                      if (func3(data28) < 1) {
                        const err60 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/resource", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/resource/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.resource, data: data28 };
                        if (vErrors === null) {
                          vErrors = [err60];
                        } else {
                          vErrors.push(err60);
                        }
                        errors++;
                      }
                    } else {
                      const err61 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/resource", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/resource/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.else.properties.entries.items.properties.resource.type, parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.resource, data: data28 };
                      if (vErrors === null) {
                        vErrors = [err61];
                      } else {
                        vErrors.push(err61);
                      }
                      errors++;
                    }
                  }
                  if (data26.path !== void 0) {
                    let data29 = data26.path;
                    if (typeof data29 === "string") {
                      if (func3(data29) < 1) {
                        const err62 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/path", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/path/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.path, data: data29 };
                        if (vErrors === null) {
                          vErrors = [err62];
                        } else {
                          vErrors.push(err62);
                        }
                        errors++;
                      }
                    } else {
                      const err63 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/path", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/path/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.else.properties.entries.items.properties.path.type, parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.path, data: data29 };
                      if (vErrors === null) {
                        vErrors = [err63];
                      } else {
                        vErrors.push(err63);
                      }
                      errors++;
                    }
                  }
                  if (data26.account !== void 0) {
                    let data30 = data26.account;
                    if (typeof data30 === "string") {
                      if (!pattern0.test(data30)) {
                        const err64 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/account", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/account/pattern", keyword: "pattern", params: { pattern: "^\\d{12}$" }, message: 'must match pattern "^\\d{12}$"', schema: "^\\d{12}$", parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.account, data: data30 };
                        if (vErrors === null) {
                          vErrors = [err64];
                        } else {
                          vErrors.push(err64);
                        }
                        errors++;
                      }
                    } else {
                      const err65 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/account", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/account/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.else.properties.entries.items.properties.account.type, parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.account, data: data30 };
                      if (vErrors === null) {
                        vErrors = [err65];
                      } else {
                        vErrors.push(err65);
                      }
                      errors++;
                    }
                  }
                  if (data26.region !== void 0) {
                    let data31 = data26.region;
                    if (typeof data31 === "string") {
                      if (!pattern1.test(data31)) {
                        const err66 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/region", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/region/pattern", keyword: "pattern", params: { pattern: "^[a-z]{2}(-[a-z]+)+-\\d$" }, message: 'must match pattern "^[a-z]{2}(-[a-z]+)+-\\d$"', schema: "^[a-z]{2}(-[a-z]+)+-\\d$", parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.region, data: data31 };
                        if (vErrors === null) {
                          vErrors = [err66];
                        } else {
                          vErrors.push(err66);
                        }
                        errors++;
                      }
                    } else {
                      const err67 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/region", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/region/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.else.properties.entries.items.properties.region.type, parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.region, data: data31 };
                      if (vErrors === null) {
                        vErrors = [err67];
                      } else {
                        vErrors.push(err67);
                      }
                      errors++;
                    }
                  }
                  if (data26.reason !== void 0) {
                    let data32 = data26.reason;
                    if (typeof data32 === "string") {
                      if (func3(data32) < 3) {
                        const err68 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/reason", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/reason/minLength", keyword: "minLength", params: { limit: 3 }, message: "must NOT have fewer than 3 characters", schema: 3, parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.reason, data: data32 };
                        if (vErrors === null) {
                          vErrors = [err68];
                        } else {
                          vErrors.push(err68);
                        }
                        errors++;
                      }
                    } else {
                      const err69 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/reason", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/reason/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.else.properties.entries.items.properties.reason.type, parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.reason, data: data32 };
                      if (vErrors === null) {
                        vErrors = [err69];
                      } else {
                        vErrors.push(err69);
                      }
                      errors++;
                    }
                  }
                  if (data26.owner !== void 0) {
                    let data33 = data26.owner;
                    if (typeof data33 === "string") {
                      if (func3(data33) < 1) {
                        const err70 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/owner", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/owner/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.owner, data: data33 };
                        if (vErrors === null) {
                          vErrors = [err70];
                        } else {
                          vErrors.push(err70);
                        }
                        errors++;
                      }
                    } else {
                      const err71 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/owner", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/owner/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.else.properties.entries.items.properties.owner.type, parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.owner, data: data33 };
                      if (vErrors === null) {
                        vErrors = [err71];
                      } else {
                        vErrors.push(err71);
                      }
                      errors++;
                    }
                  }
                  if (data26.approver !== void 0) {
                    let data34 = data26.approver;
                    if (typeof data34 === "string") {
                      if (func3(data34) < 1) {
                        const err72 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/approver", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/approver/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.approver, data: data34 };
                        if (vErrors === null) {
                          vErrors = [err72];
                        } else {
                          vErrors.push(err72);
                        }
                        errors++;
                      }
                    } else {
                      const err73 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/approver", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/approver/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.else.properties.entries.items.properties.approver.type, parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.approver, data: data34 };
                      if (vErrors === null) {
                        vErrors = [err73];
                      } else {
                        vErrors.push(err73);
                      }
                      errors++;
                    }
                  }
                  if (data26.expires !== void 0) {
                    let data35 = data26.expires;
                    if (typeof data35 === "string") {
                      if (!pattern2.test(data35)) {
                        const err74 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/expires", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/expires/pattern", keyword: "pattern", params: { pattern: "^\\d{4}-\\d{2}-\\d{2}$" }, message: 'must match pattern "^\\d{4}-\\d{2}-\\d{2}$"', schema: "^\\d{4}-\\d{2}-\\d{2}$", parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.expires, data: data35 };
                        if (vErrors === null) {
                          vErrors = [err74];
                        } else {
                          vErrors.push(err74);
                        }
                        errors++;
                      }
                    } else {
                      const err75 = { instancePath: instancePath + "/suppressions/entries/" + i4 + "/expires", schemaPath: "#/properties/suppressions/else/properties/entries/items/properties/expires/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.suppressions.else.properties.entries.items.properties.expires.type, parentSchema: schema11.properties.suppressions.else.properties.entries.items.properties.expires, data: data35 };
                      if (vErrors === null) {
                        vErrors = [err75];
                      } else {
                        vErrors.push(err75);
                      }
                      errors++;
                    }
                  }
                } else {
                  const err76 = { instancePath: instancePath + "/suppressions/entries/" + i4, schemaPath: "#/properties/suppressions/else/properties/entries/items/type", keyword: "type", params: { type: "object" }, message: "must be object", schema: schema11.properties.suppressions.else.properties.entries.items.type, parentSchema: schema11.properties.suppressions.else.properties.entries.items, data: data26 };
                  if (vErrors === null) {
                    vErrors = [err76];
                  } else {
                    vErrors.push(err76);
                  }
                  errors++;
                }
              }
            } else {
              const err77 = { instancePath: instancePath + "/suppressions/entries", schemaPath: "#/properties/suppressions/else/properties/entries/type", keyword: "type", params: { type: "array" }, message: "must be array", schema: schema11.properties.suppressions.else.properties.entries.type, parentSchema: schema11.properties.suppressions.else.properties.entries, data: data25 };
              if (vErrors === null) {
                vErrors = [err77];
              } else {
                vErrors.push(err77);
              }
              errors++;
            }
          }
        } else {
          const err78 = { instancePath: instancePath + "/suppressions", schemaPath: "#/properties/suppressions/else/type", keyword: "type", params: { type: "object" }, message: "must be object", schema: schema11.properties.suppressions.else.type, parentSchema: schema11.properties.suppressions.else, data: data11 };
          if (vErrors === null) {
            vErrors = [err78];
          } else {
            vErrors.push(err78);
          }
          errors++;
        }
        var _valid0 = _errs56 === errors;
        valid8 = _valid0;
        ifClause0 = "else";
      }
      if (!valid8) {
        const err79 = { instancePath: instancePath + "/suppressions", schemaPath: "#/properties/suppressions/if", keyword: "if", params: { failingKeyword: ifClause0 }, message: 'must match "' + ifClause0 + '" schema', schema: schema11.properties.suppressions.if, parentSchema: schema11.properties.suppressions, data: data11 };
        if (vErrors === null) {
          vErrors = [err79];
        } else {
          vErrors.push(err79);
        }
        errors++;
      }
    }
    if (data.attestations !== void 0) {
      let data36 = data.attestations;
      if (typeof data36 === "string") {
        if (func3(data36) < 1) {
          const err80 = { instancePath: instancePath + "/attestations", schemaPath: "#/properties/attestations/minLength", keyword: "minLength", params: { limit: 1 }, message: "must NOT have fewer than 1 characters", schema: 1, parentSchema: schema11.properties.attestations, data: data36 };
          if (vErrors === null) {
            vErrors = [err80];
          } else {
            vErrors.push(err80);
          }
          errors++;
        }
      } else {
        const err81 = { instancePath: instancePath + "/attestations", schemaPath: "#/properties/attestations/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.attestations.type, parentSchema: schema11.properties.attestations, data: data36 };
        if (vErrors === null) {
          vErrors = [err81];
        } else {
          vErrors.push(err81);
        }
        errors++;
      }
    }
    let data37 = data["attestation-max-age-days"];
    if (!(typeof data37 == "number" && (!(data37 % 1) && !isNaN(data37)))) {
      const err82 = { instancePath: instancePath + "/attestation-max-age-days", schemaPath: "#/properties/attestation-max-age-days/type", keyword: "type", params: { type: "integer" }, message: "must be integer", schema: schema11.properties["attestation-max-age-days"].type, parentSchema: schema11.properties["attestation-max-age-days"], data: data37 };
      if (vErrors === null) {
        vErrors = [err82];
      } else {
        vErrors.push(err82);
      }
      errors++;
    }
    if (typeof data37 == "number") {
      if (data37 < 1 || isNaN(data37)) {
        const err83 = { instancePath: instancePath + "/attestation-max-age-days", schemaPath: "#/properties/attestation-max-age-days/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1", schema: 1, parentSchema: schema11.properties["attestation-max-age-days"], data: data37 };
        if (vErrors === null) {
          vErrors = [err83];
        } else {
          vErrors.push(err83);
        }
        errors++;
      }
    }
    if (data.aws !== void 0) {
      let data38 = data.aws;
      if (data38 && typeof data38 == "object" && !Array.isArray(data38)) {
        for (const key6 in data38) {
          if (!(key6 === "regions" || key6 === "role-arn" || key6 === "external-id" || key6 === "accounts" || key6 === "max-rps" || key6 === "concurrency")) {
            const err84 = { instancePath: instancePath + "/aws", schemaPath: "#/properties/aws/additionalProperties", keyword: "additionalProperties", params: { additionalProperty: key6 }, message: "must NOT have additional properties", schema: false, parentSchema: schema11.properties.aws, data: data38 };
            if (vErrors === null) {
              vErrors = [err84];
            } else {
              vErrors.push(err84);
            }
            errors++;
          }
        }
        if (data38.regions !== void 0) {
          let data39 = data38.regions;
          if (Array.isArray(data39)) {
            const len4 = data39.length;
            for (let i5 = 0; i5 < len4; i5++) {
              let data40 = data39[i5];
              if (typeof data40 !== "string") {
                const err85 = { instancePath: instancePath + "/aws/regions/" + i5, schemaPath: "#/properties/aws/properties/regions/items/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.aws.properties.regions.items.type, parentSchema: schema11.properties.aws.properties.regions.items, data: data40 };
                if (vErrors === null) {
                  vErrors = [err85];
                } else {
                  vErrors.push(err85);
                }
                errors++;
              }
            }
          } else {
            const err86 = { instancePath: instancePath + "/aws/regions", schemaPath: "#/properties/aws/properties/regions/type", keyword: "type", params: { type: "array" }, message: "must be array", schema: schema11.properties.aws.properties.regions.type, parentSchema: schema11.properties.aws.properties.regions, data: data39 };
            if (vErrors === null) {
              vErrors = [err86];
            } else {
              vErrors.push(err86);
            }
            errors++;
          }
        }
        if (data38["role-arn"] !== void 0) {
          let data41 = data38["role-arn"];
          if (typeof data41 === "string") {
            if (!pattern6.test(data41)) {
              const err87 = { instancePath: instancePath + "/aws/role-arn", schemaPath: "#/properties/aws/properties/role-arn/pattern", keyword: "pattern", params: { pattern: "^arn:aws[a-z-]*:iam::(\\d{12}|\\{account\\}):role/.+$" }, message: 'must match pattern "^arn:aws[a-z-]*:iam::(\\d{12}|\\{account\\}):role/.+$"', schema: "^arn:aws[a-z-]*:iam::(\\d{12}|\\{account\\}):role/.+$", parentSchema: schema11.properties.aws.properties["role-arn"], data: data41 };
              if (vErrors === null) {
                vErrors = [err87];
              } else {
                vErrors.push(err87);
              }
              errors++;
            }
          } else {
            const err88 = { instancePath: instancePath + "/aws/role-arn", schemaPath: "#/properties/aws/properties/role-arn/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.aws.properties["role-arn"].type, parentSchema: schema11.properties.aws.properties["role-arn"], data: data41 };
            if (vErrors === null) {
              vErrors = [err88];
            } else {
              vErrors.push(err88);
            }
            errors++;
          }
        }
        if (data38["external-id"] !== void 0) {
          let data42 = data38["external-id"];
          if (typeof data42 !== "string") {
            const err89 = { instancePath: instancePath + "/aws/external-id", schemaPath: "#/properties/aws/properties/external-id/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.aws.properties["external-id"].type, parentSchema: schema11.properties.aws.properties["external-id"], data: data42 };
            if (vErrors === null) {
              vErrors = [err89];
            } else {
              vErrors.push(err89);
            }
            errors++;
          }
        }
        if (data38.accounts !== void 0) {
          let data43 = data38.accounts;
          if (Array.isArray(data43)) {
            const len5 = data43.length;
            for (let i6 = 0; i6 < len5; i6++) {
              let data44 = data43[i6];
              if (typeof data44 === "string") {
                if (!pattern0.test(data44)) {
                  const err90 = { instancePath: instancePath + "/aws/accounts/" + i6, schemaPath: "#/properties/aws/properties/accounts/items/pattern", keyword: "pattern", params: { pattern: "^\\d{12}$" }, message: 'must match pattern "^\\d{12}$"', schema: "^\\d{12}$", parentSchema: schema11.properties.aws.properties.accounts.items, data: data44 };
                  if (vErrors === null) {
                    vErrors = [err90];
                  } else {
                    vErrors.push(err90);
                  }
                  errors++;
                }
              } else {
                const err91 = { instancePath: instancePath + "/aws/accounts/" + i6, schemaPath: "#/properties/aws/properties/accounts/items/type", keyword: "type", params: { type: "string" }, message: "must be string", schema: schema11.properties.aws.properties.accounts.items.type, parentSchema: schema11.properties.aws.properties.accounts.items, data: data44 };
                if (vErrors === null) {
                  vErrors = [err91];
                } else {
                  vErrors.push(err91);
                }
                errors++;
              }
            }
          } else {
            const err92 = { instancePath: instancePath + "/aws/accounts", schemaPath: "#/properties/aws/properties/accounts/type", keyword: "type", params: { type: "array" }, message: "must be array", schema: schema11.properties.aws.properties.accounts.type, parentSchema: schema11.properties.aws.properties.accounts, data: data43 };
            if (vErrors === null) {
              vErrors = [err92];
            } else {
              vErrors.push(err92);
            }
            errors++;
          }
        }
        if (data38["max-rps"] !== void 0) {
          let data45 = data38["max-rps"];
          if (!(typeof data45 == "number" && (!(data45 % 1) && !isNaN(data45)))) {
            const err93 = { instancePath: instancePath + "/aws/max-rps", schemaPath: "#/properties/aws/properties/max-rps/type", keyword: "type", params: { type: "integer" }, message: "must be integer", schema: schema11.properties.aws.properties["max-rps"].type, parentSchema: schema11.properties.aws.properties["max-rps"], data: data45 };
            if (vErrors === null) {
              vErrors = [err93];
            } else {
              vErrors.push(err93);
            }
            errors++;
          }
          if (typeof data45 == "number") {
            if (data45 > 1e4 || isNaN(data45)) {
              const err94 = { instancePath: instancePath + "/aws/max-rps", schemaPath: "#/properties/aws/properties/max-rps/maximum", keyword: "maximum", params: { comparison: "<=", limit: 1e4 }, message: "must be <= 10000", schema: 1e4, parentSchema: schema11.properties.aws.properties["max-rps"], data: data45 };
              if (vErrors === null) {
                vErrors = [err94];
              } else {
                vErrors.push(err94);
              }
              errors++;
            }
            if (data45 < 1 || isNaN(data45)) {
              const err95 = { instancePath: instancePath + "/aws/max-rps", schemaPath: "#/properties/aws/properties/max-rps/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1", schema: 1, parentSchema: schema11.properties.aws.properties["max-rps"], data: data45 };
              if (vErrors === null) {
                vErrors = [err95];
              } else {
                vErrors.push(err95);
              }
              errors++;
            }
          }
        }
        if (data38.concurrency !== void 0) {
          let data46 = data38.concurrency;
          if (!(typeof data46 == "number" && (!(data46 % 1) && !isNaN(data46)))) {
            const err96 = { instancePath: instancePath + "/aws/concurrency", schemaPath: "#/properties/aws/properties/concurrency/type", keyword: "type", params: { type: "integer" }, message: "must be integer", schema: schema11.properties.aws.properties.concurrency.type, parentSchema: schema11.properties.aws.properties.concurrency, data: data46 };
            if (vErrors === null) {
              vErrors = [err96];
            } else {
              vErrors.push(err96);
            }
            errors++;
          }
          if (typeof data46 == "number") {
            if (data46 > 256 || isNaN(data46)) {
              const err97 = { instancePath: instancePath + "/aws/concurrency", schemaPath: "#/properties/aws/properties/concurrency/maximum", keyword: "maximum", params: { comparison: "<=", limit: 256 }, message: "must be <= 256", schema: 256, parentSchema: schema11.properties.aws.properties.concurrency, data: data46 };
              if (vErrors === null) {
                vErrors = [err97];
              } else {
                vErrors.push(err97);
              }
              errors++;
            }
            if (data46 < 1 || isNaN(data46)) {
              const err98 = { instancePath: instancePath + "/aws/concurrency", schemaPath: "#/properties/aws/properties/concurrency/minimum", keyword: "minimum", params: { comparison: ">=", limit: 1 }, message: "must be >= 1", schema: 1, parentSchema: schema11.properties.aws.properties.concurrency, data: data46 };
              if (vErrors === null) {
                vErrors = [err98];
              } else {
                vErrors.push(err98);
              }
              errors++;
            }
          }
        }
      } else {
        const err99 = { instancePath: instancePath + "/aws", schemaPath: "#/properties/aws/type", keyword: "type", params: { type: "object" }, message: "must be object", schema: schema11.properties.aws.type, parentSchema: schema11.properties.aws, data: data38 };
        if (vErrors === null) {
          vErrors = [err99];
        } else {
          vErrors.push(err99);
        }
        errors++;
      }
    }
  } else {
    const err100 = { instancePath, schemaPath: "#/type", keyword: "type", params: { type: "object" }, message: "must be object", schema: schema11.type, parentSchema: schema11, data };
    if (vErrors === null) {
      vErrors = [err100];
    } else {
      vErrors.push(err100);
    }
    errors++;
  }
  validate10.errors = vErrors;
  return errors === 0;
}
module.exports.key = "b9c3f81fa4a4472e0949d78d52c940ae44be1e0bdeb8bb197f5c678fab20e72c";
