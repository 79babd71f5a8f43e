//! `skykrav schema --format json-schema`: the JSON Schema of a project's
//! data vendor files accepts every data vendor file of the repository and
//! rejects values of the wrong type, as the vendor reader does.

mod common;

use std::path::Path;

use common::skykrav;
use serde_json::{json, Value};
use skykrav::source::FileId;
use skykrav::vendor::data::{DataNode, DataValue};
use skykrav::vendor::{read_vendor_file, DataFormat, WrittenVendor};

fn schema_of(project: &Path) -> jsonschema::Validator {
    let run = skykrav(&[
        "schema",
        project.to_str().unwrap(),
        "--format",
        "json-schema",
    ]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let schema: Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::options().build(&schema).unwrap()
}

fn node(n: &DataNode) -> Value {
    match &n.value {
        DataValue::Null => Value::Null,
        DataValue::Bool(b) => json!(b),
        DataValue::Number(text) => serde_json::from_str(text).unwrap(),
        DataValue::String(s) => json!(s),
        DataValue::Date { year, month, day } => json!(format!("{year:04}-{month:02}-{day:02}")),
        DataValue::Other { text, .. } => json!(text),
        DataValue::Array(items) => Value::Array(items.iter().map(node).collect()),
        DataValue::Object(fields) => Value::Object(
            fields
                .iter()
                .map(|(k, v)| (k.name.clone(), node(v)))
                .collect(),
        ),
    }
}

/// A data vendor file as the JSON value an editor validates (a YAML or
/// TOML file read as JSON, its dates as strings).
fn as_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let format = match path.extension().and_then(|e| e.to_str()) {
        Some("json") => DataFormat::Json,
        Some("toml") => DataFormat::Toml,
        _ => DataFormat::Yaml,
    };
    let name = path.display().to_string();
    let (vendors, diags) = read_vendor_file(FileId(0), &name, format, &text);
    assert!(diags.is_empty(), "{name}: {diags:?}");
    let Some(WrittenVendor::Data(v)) = vendors.into_iter().next() else {
        panic!("{name}: no data vendor");
    };
    let mut out = json!({ "id": v.id.name, "name": v.name.value });
    if let Some(d) = v.as_of {
        out["as_of"] = json!(d.node.to_string());
    }
    if let Some(facts) = &v.facts {
        out["facts"] = node(facts);
    }
    out
}

#[test]
fn every_data_vendor_file_of_the_repository_is_valid() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut checked = 0;
    for project in [
        "examples/nordlys",
        "examples/quickstart",
        "tests/fixtures/spec-samples",
        "tests/fixtures/stale",
        "tests/fixtures/outcome-table",
    ] {
        let dir = root.join(project);
        let validator = schema_of(&dir);
        for e in std::fs::read_dir(dir.join("vendors")).unwrap().flatten() {
            let path = e.path();
            let ext = path.extension().and_then(|x| x.to_str()).unwrap_or("");
            if !["json", "yaml", "yml", "toml"].contains(&ext) {
                continue;
            }
            let instance = as_json(&path);
            let errors: Vec<String> = validator
                .iter_errors(&instance)
                .map(|e| format!("at {}: {e}", e.instance_path()))
                .collect();
            assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
            checked += 1;
        }
    }
    assert!(checked >= 10, "only {checked} files");
}

#[test]
fn values_of_the_wrong_type_are_rejected_by_the_schema_and_the_reader() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/quickstart");
    let validator = schema_of(&root);
    let good = as_json(&root.join("vendors/filebox.json"));
    assert!(validator.is_valid(&good));
    let wrong: [(&str, Value); 6] = [
        ("/facts/sla/uptime/value", json!("high")),
        ("/facts/sla/uptime/value", json!("99.9")),
        ("/facts/data/locations", json!(["eu"])),
        ("/facts/data/dpa_signed", json!("yes")),
        ("/facts/risk.last_assessed", json!("1/3/2026")),
        ("/facts/usage/critical", Value::Null),
    ];
    for (pointer, value) in wrong {
        let mut bad = good.clone();
        *bad.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("{pointer}")) = value.clone();
        assert!(
            !validator.is_valid(&bad),
            "{pointer} = {value} was accepted"
        );
        // The vendor reader says no as well.
        let project = common::project(&[("vendors/filebox.json", &bad.to_string())]);
        common::copy_dir(&root.join("policies"), &project.path().join("policies"));
        std::fs::copy(
            root.join("skykrav.toml"),
            project.path().join("skykrav.toml"),
        )
        .unwrap();
        let run = skykrav(&["check", project.arg(), "--format", "json"]);
        assert_eq!(run.code, 2, "{pointer} = {value}: {}", run.stdout);
    }
    let mut unknown_key = good.clone();
    unknown_key["facts"]["sla"]["uptim"] = json!(99.9);
    assert!(!validator.is_valid(&unknown_key));
    let mut dotted = good.clone();
    dotted["facts"]["sla.uptime"] = json!({ "value": "99.95%", "source": "the SLA" });
    assert!(
        validator.is_valid(&dotted),
        "a dotted key with evidence is a fact"
    );
}
