//! `/api/openapi.json` says what the handlers take: every reference resolves,
//! every schema name belongs to one Rust type, path parameters are the
//! path's, query parameters are in the query, and each documented body is
//! the type its handler reads.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::TestApp;
use serde_json::Value;

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Every `$ref` in a JSON value.
fn refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(m) => {
            for (k, v) in m {
                match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => out.push(r),
                    _ => refs(v, out),
                }
            }
        }
        Value::Array(a) => a.iter().for_each(|v| refs(v, out)),
        _ => {}
    }
}

/// The `{name}`s of a path template.
fn template_params(path: &str) -> BTreeSet<String> {
    path.split('{').skip(1).filter_map(|s| s.split_once('}')).map(|(name, _)| name.to_owned()).collect()
}

/// What is wrong with an OpenAPI document, one line per fault.
fn faults(doc: &Value) -> Vec<String> {
    let mut faults = Vec::new();
    if !doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1.")) {
        faults.push(format!("openapi is {}, not 3.1.x", doc["openapi"]));
    }
    let mut all = Vec::new();
    refs(doc, &mut all);
    for r in all {
        let target = r.strip_prefix("#/").map(|p| p.split('/').fold(doc, |v, seg| &v[seg]));
        if target.is_none_or(|t| t.is_null()) {
            faults.push(format!("$ref {r} resolves to nothing"));
        }
    }
    let mut operation_ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        let in_path = template_params(path);
        for method in METHODS {
            let Some(op) = item.get(method) else { continue };
            let here = format!("{} {path}", method.to_uppercase());
            if let Some(id) = op["operationId"].as_str()
                && !operation_ids.insert(id.to_owned())
            {
                faults.push(format!("{here}: operationId {id} used twice"));
            }
            if op["responses"].as_object().is_none_or(|r| r.is_empty()) {
                faults.push(format!("{here}: no responses"));
            }
            let mut declared_path = BTreeSet::new();
            let mut seen = BTreeSet::new();
            let params = item["parameters"].as_array().into_iter().chain(op["parameters"].as_array()).flatten();
            for p in params {
                let (name, place) = (p["name"].as_str().unwrap_or(""), p["in"].as_str().unwrap_or(""));
                if !seen.insert((name, place)) {
                    faults.push(format!("{here}: parameter {name} ({place}) declared twice"));
                }
                match place {
                    "path" => {
                        declared_path.insert(name.to_owned());
                        if p["required"] != Value::Bool(true) {
                            faults.push(format!("{here}: path parameter {name} is not required"));
                        }
                        if !in_path.contains(name) {
                            faults.push(format!("{here}: {name} is declared in: path but the path has no {{{name}}}"));
                        }
                    }
                    "query" | "header" | "cookie" => {
                        if in_path.contains(name) {
                            faults.push(format!("{here}: {{{name}}} is in the path but declared in: {place}"));
                        }
                    }
                    other => faults.push(format!("{here}: parameter {name} has in: {other:?}")),
                }
                if p["schema"].is_null() && p["content"].is_null() {
                    faults.push(format!("{here}: parameter {name} has no schema"));
                }
            }
            for name in in_path.difference(&declared_path) {
                faults.push(format!("{here}: {{{name}}} is not declared as a path parameter"));
            }
        }
    }
    faults
}

#[tokio::test]
async fn the_api_document_holds_together() {
    let app = TestApp::spawn().await;
    let res = app.get("/api/openapi.json").await;
    assert_eq!(res.status(), 200);
    let doc: Value = res.json().await.unwrap();
    let faults = faults(&doc);
    assert!(faults.is_empty(), "the API document is wrong:\n{}", faults.join("\n"));
    app.stop().await;
}

/// The checks find the faults they are for.
#[test]
fn the_checks_catch_a_query_declared_as_path_and_a_dangling_ref() {
    let doc = serde_json::json!({
        "openapi": "3.1.0",
        "paths": {
            "/api/v1/applications/track": { "get": {
                "parameters": [
                    { "name": "code", "in": "path", "required": true, "schema": { "type": "string" } }
                ],
                "responses": { "200": { "content": { "application/json": {
                    "schema": { "$ref": "#/components/schemas/Missing" } } } } }
            } },
            "/api/v1/applications/{id}": { "get": { "responses": { "200": {} } } }
        },
        "components": { "schemas": {} }
    });
    let found = faults(&doc);
    assert_eq!(found.len(), 3, "{found:#?}");
    assert!(found.iter().any(|f| f.contains("code is declared in: path")));
    assert!(found.iter().any(|f| f.contains("Missing")));
    assert!(found.iter().any(|f| f.contains("{id} is not declared")));
}

/// A Rust source file's text, with the item each `ToSchema` derive is on.
fn rust_files() -> Vec<(String, String)> {
    fn walk(dir: &std::path::Path, out: &mut Vec<(String, String)>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    walk(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut out);
    out.sort();
    out
}

/// The name of the item (struct or enum) that follows a position.
fn next_item(text: &str) -> Option<&str> {
    let at = ["pub struct ", "pub enum ", "struct ", "enum ", "pub(crate) struct ", "pub(crate) enum "]
        .iter()
        .filter_map(|k| text.find(k).map(|i| i + k.len()))
        .min()?;
    let rest = &text[at..];
    Some(&rest[..rest.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(rest.len())])
}

/// Every type deriving `ToSchema`: its name in the document (its own, or
/// `#[schema(as = …)]`) and where it is.
fn schema_types() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (file, text) in rust_files() {
        for (at, _) in text.match_indices("ToSchema") {
            let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
            if !text[line_start..at].trim_start().starts_with("#[derive(") {
                continue;
            }
            let after = &text[at..];
            let Some(name) = next_item(after) else { continue };
            let head = &after[..after.find(name).unwrap_or(0)];
            let shown = head
                .split("#[schema(as = ")
                .nth(1)
                .and_then(|s| s.split([')', ',']).next())
                .map(|s| s.rsplit("::").next().unwrap_or(s).trim().to_owned())
                .unwrap_or_else(|| name.to_owned());
            let module = file.trim_start_matches(env!("CARGO_MANIFEST_DIR")).to_owned();
            out.push((shown, format!("{module}::{name}")));
        }
    }
    out
}

#[test]
fn no_two_rust_types_share_a_schema_name() {
    let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (name, ty) in schema_types() {
        by_name.entry(name).or_default().push(ty);
    }
    assert!(by_name.len() > 50, "the source scan finds the schemas: {by_name:?}");
    let shared: Vec<_> = by_name.iter().filter(|(_, types)| types.len() > 1).collect();
    assert!(shared.is_empty(), "one schema name, several types (the document shows only one of them): {shared:#?}");
}

/// Each `#[utoipa::path(…, request_body = X …)]` documents the type its
/// handler's JSON extractor reads.
#[test]
fn each_documented_body_is_the_type_its_handler_reads() {
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (file, text) in rust_files() {
        for (at, _) in text.match_indices("#[utoipa::path(") {
            let rest = &text[at..];
            let Some(fn_at) = rest.find("pub async fn ") else { continue };
            let (attr, handler) = rest.split_at(fn_at);
            let Some(body) = attr
                .split("request_body")
                .nth(1)
                .map(|s| s.trim_start_matches([' ', '=', '(']))
                .map(|s| s.trim_start_matches("content = "))
                .map(|s| &s[..s.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')).unwrap_or(s.len())])
                .map(|s| s.rsplit("::").next().unwrap_or(s))
            else {
                continue;
            };
            let name = handler["pub async fn ".len()..].split('(').next().unwrap_or("");
            let signature = &handler[..handler.find('{').unwrap_or(handler.len())];
            let read = ["ApiJson<", "Json<", "WithPhotos<"].iter().find_map(|k| {
                signature.match_indices(k).find_map(|(i, _)| {
                    // Not the response: `-> … Json<…>`.
                    if signature[..i].contains("->") {
                        return None;
                    }
                    let ty = &signature[i + k.len()..];
                    let ty = &ty[..ty.find('>').unwrap_or(ty.len())];
                    Some(ty.rsplit("::").next().unwrap_or(ty).to_owned())
                })
            });
            match read {
                Some(ty) if ty == body => checked += 1,
                Some(ty) => wrong.push(format!("{file}: {name} documents {body} but reads {ty}")),
                // Bodies read otherwise (text/csv, bytes): nothing to compare.
                None => {}
            }
        }
    }
    assert!(checked > 30, "the scan finds the handlers: {checked}");
    assert!(wrong.is_empty(), "{wrong:#?}");
}
