//! The operator files under `deploy/`: they parse, they name only settings the binary knows, and
//! the parts that must agree with each other and with the binary do (probe paths and ports, the
//! backup job, the image, the systemd unit). No database and no server: these read files.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use jointreg::config::KNOWN_VARIABLES;
use serde::Deserialize;
use serde_norway::Value;

use crate::api_test;

fn deploy_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("deploy")
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// Every file under `dir`, sorted, so failures list them in a stable order.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display())) {
            let path = entry.unwrap().path();
            if path.is_dir() { pending.push(path) } else { files.push(path) }
        }
    }
    files.sort();
    files
}

fn yaml_files() -> Vec<PathBuf> {
    files_under(&deploy_dir())
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect()
}

/// The documents of a (possibly multi-document) YAML file; empty documents are dropped.
fn documents(path: &Path) -> Vec<Value> {
    let text = read(path);
    serde_norway::Deserializer::from_str(&text)
        .map(|document| {
            Value::deserialize(document).unwrap_or_else(|e| panic!("{} is not valid YAML: {e}", path.display()))
        })
        .filter(|value| !value.is_null())
        .collect()
}

fn kubernetes_documents() -> Vec<(PathBuf, Value)> {
    let dir = deploy_dir().join("kubernetes");
    yaml_files()
        .into_iter()
        .filter(|p| p.starts_with(&dir))
        .flat_map(|path| documents(&path).into_iter().map(move |doc| (path.clone(), doc)))
        .collect()
}

/// The one Kubernetes object of this kind.
fn object(kind: &str) -> Value {
    let mut found: Vec<Value> =
        kubernetes_documents().into_iter().map(|(_, doc)| doc).filter(|doc| doc["kind"] == kind).collect();
    assert_eq!(found.len(), 1, "expected exactly one {kind} under deploy/kubernetes/");
    found.remove(0)
}

fn text<'a>(value: &'a Value, what: &str) -> &'a str {
    value.as_str().unwrap_or_else(|| panic!("{what} is not a string: {value:?}"))
}

fn sequence<'a>(value: &'a Value, what: &str) -> &'a [Value] {
    value.as_sequence().map(Vec::as_slice).unwrap_or_else(|| panic!("{what} is not a list: {value:?}"))
}

/// A probe's or a Service's port, by name or number, as the container port number it means.
fn container_port(container: &Value, port: &Value) -> u64 {
    if let Some(number) = port.as_u64() {
        return number;
    }
    let name = text(port, "port");
    sequence(&container["ports"], "container ports")
        .iter()
        .find(|p| p["name"] == name)
        .and_then(|p| p["containerPort"].as_u64())
        .unwrap_or_else(|| panic!("the container has no port named {name:?}"))
}

fn port_of(address: &str) -> u64 {
    address.rsplit_once(':').and_then(|(_, port)| port.parse().ok()).unwrap_or_else(|| panic!("{address:?}"))
}

api_test! {
    fn every_yaml_file_parses_and_every_kubernetes_document_names_its_kind() {
        let files = yaml_files();
        assert!(files.iter().any(|p| p.ends_with("compose.yaml")), "{files:?}");
        for path in &files {
            assert!(!documents(path).is_empty(), "{} holds no YAML document", path.display());
        }

        let mut listed = BTreeSet::new();
        let mut present = BTreeSet::new();
        for (path, doc) in kubernetes_documents() {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            assert!(doc["apiVersion"].as_str().is_some_and(|v| !v.is_empty()), "{name}: a document without apiVersion");
            let kind = doc["kind"].as_str().unwrap_or_else(|| panic!("{name}: a document without kind"));
            if kind == "Kustomization" {
                listed.extend(sequence(&doc["resources"], "resources").iter().map(|r| text(r, "resource").to_owned()));
            } else {
                assert!(doc["metadata"]["name"].as_str().is_some(), "{name}: a {kind} without metadata.name");
                present.insert(name.clone());
            }
            if kind == "ConfigMap" {
                // The API server refuses numbers and booleans here: `"10"`, `"true"`, `"06:00"`.
                for (key, value) in doc["data"].as_mapping().expect("ConfigMap data") {
                    assert!(value.is_string(), "{name}: {key:?} must be quoted, it is {value:?}");
                }
            }
        }
        // `kubectl apply -k` applies what the kustomization lists, and only that.
        assert_eq!(listed, present, "kustomization.yaml's resources and the manifests beside it differ");
    }
}

api_test! {
    fn deployment_probes_use_the_health_routes_on_the_port_the_service_targets() {
        let deployment = object("Deployment");
        let service = object("Service");
        let config = object("ConfigMap");
        let pod = &deployment["spec"]["template"];
        let container = &sequence(&pod["spec"]["containers"], "containers")[0];

        let http = sequence(&service["spec"]["ports"], "Service ports")
            .iter()
            .find(|p| p["name"] == "http")
            .expect("the Service has a port named http");
        let target = container_port(container, &http["targetPort"]);
        for (key, value) in service["spec"]["selector"].as_mapping().expect("the Service selects pods") {
            assert_eq!(&pod["metadata"]["labels"][key], value, "the Service does not select the Deployment's pods");
        }

        for (probe, path) in [("livenessProbe", "/health/live"), ("readinessProbe", "/health/ready")] {
            let get = &container[probe]["httpGet"];
            assert_eq!(get["path"], path, "{probe}");
            assert_eq!(container_port(container, &get["port"]), target, "{probe} checks another port than the Service's");
        }

        // The server listens there on every interface: the default loopback would fail every probe.
        let bind = text(&config["data"]["JOINTREG_BIND"], "JOINTREG_BIND");
        assert_eq!(bind, format!("0.0.0.0:{target}"));

        // Metrics on their own port, named, and announced to Prometheus at that port.
        let metrics = port_of(text(&config["data"]["JOINTREG_METRICS_BIND"], "JOINTREG_METRICS_BIND"));
        assert_eq!(container_port(container, &Value::from("metrics")), metrics);
        assert_eq!(pod["metadata"]["annotations"]["prometheus.io/port"], metrics.to_string().as_str());

        // The settings come from the ConfigMap and the Secret that are shipped.
        let secret = object("Secret");
        let sources: Vec<&str> = sequence(&container["envFrom"], "envFrom")
            .iter()
            .filter_map(|s| s["configMapRef"]["name"].as_str().or(s["secretRef"]["name"].as_str()))
            .collect();
        assert!(sources.contains(&text(&config["metadata"]["name"], "ConfigMap name")), "{sources:?}");
        assert!(sources.contains(&text(&secret["metadata"]["name"], "Secret name")), "{sources:?}");
        assert_eq!(pod["spec"]["securityContext"]["runAsNonRoot"], true);
    }
}

api_test! {
    fn the_backup_cronjob_runs_jointreg_backup_onto_its_volume() {
        let cronjob = object("CronJob");
        let pod = &cronjob["spec"]["jobTemplate"]["spec"]["template"]["spec"];
        let container = &sequence(&pod["containers"], "containers")[0];
        let words: Vec<&str> = ["command", "args"]
            .iter()
            .flat_map(|key| container[*key].as_sequence().map(Vec::as_slice).unwrap_or_default())
            .map(|word| text(word, "command word"))
            .collect();
        let command = words.join(" ");
        assert!(command.contains("jointreg backup --to \"/backups/"), "{command}");
        let mounts = sequence(&container["volumeMounts"], "volumeMounts");
        assert!(mounts.iter().any(|m| m["mountPath"] == "/backups"), "nothing is mounted at /backups");
        // Every command validates every setting, so the job needs the server's.
        assert_eq!(container["envFrom"], object("Deployment")["spec"]["template"]["spec"]["containers"][0]["envFrom"]);
    }
}

api_test! {
    fn every_compose_service_has_a_healthcheck_and_jointreg_waits_for_postgres() {
        let compose = documents(&deploy_dir().join("compose.yaml")).remove(0);
        let services = compose["services"].as_mapping().expect("compose.yaml has services");
        for (name, service) in services {
            let test = &service["healthcheck"]["test"];
            assert!(test.as_sequence().is_some_and(|t| !t.is_empty()), "service {name:?} has no health check");
        }
        let jointreg = &compose["services"]["jointreg"];
        assert_eq!(jointreg["depends_on"]["postgres"]["condition"], "service_healthy");
        assert_eq!(jointreg["environment"]["JOINTREG_BIND"], "0.0.0.0:8080");
        let check =
            sequence(&jointreg["healthcheck"]["test"], "healthcheck").iter().map(|w| text(w, "word")).collect::<Vec<_>>();
        assert!(check.iter().any(|w| w.ends_with(":8080/health/ready")), "{check:?}");
    }
}

/// Every `JOINTREG_[A-Z0-9_]+` in `text`.
fn setting_names(text: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("JOINTREG_") {
        let tail = &rest[at + "JOINTREG_".len()..];
        let len =
            tail.find(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')).unwrap_or(tail.len());
        if len > 0 {
            names.push(&rest[at..at + "JOINTREG_".len() + len]);
        }
        rest = &tail[len..];
    }
    names
}

api_test! {
    fn the_deploy_files_name_only_settings_the_binary_knows() {
        let mut unknown = BTreeSet::new();
        let mut mentioned = 0;
        for path in files_under(&deploy_dir()) {
            let text = read(&path);
            for name in setting_names(&text) {
                mentioned += 1;
                if !KNOWN_VARIABLES.contains(&name) {
                    unknown.insert(format!("{}: {name}", path.strip_prefix(deploy_dir()).unwrap().display()));
                }
            }
        }
        assert!(mentioned > 0, "no JOINTREG_ setting found under deploy/: is the scan broken?");
        assert!(
            unknown.is_empty(),
            "not settings of this binary (typos, or a setting not yet in KNOWN_VARIABLES):\n{}",
            unknown.into_iter().collect::<Vec<_>>().join("\n")
        );
    }
}

api_test! {
    fn every_setting_is_in_the_readme_reference_table() {
        let readme = read(&deploy_dir().join("README.md"));
        let start = readme.find("\n## Configuration reference\n").expect("deploy/README.md has a Configuration reference");
        let section = &readme[start + 1..];
        let section = &section[..section.find("\n## ").unwrap_or(section.len())];
        let documented: BTreeSet<&str> = section
            .lines()
            .filter_map(|line| line.strip_prefix("| `"))
            .filter_map(|cell| cell.split_once('`').map(|(name, _)| name))
            .collect();
        let known: BTreeSet<&str> = KNOWN_VARIABLES.into_iter().collect();
        let missing: Vec<_> = known.difference(&documented).collect();
        let extra: Vec<_> = documented.difference(&known).collect();
        assert!(missing.is_empty(), "settings missing from deploy/README.md's reference table: {missing:?}");
        assert!(extra.is_empty(), "rows for settings the binary does not know: {extra:?}");
    }
}

/// Validates settings as the binary does, given as `--flag=value` (the flag of `JOINTREG_X_Y` is
/// `--x-y`), so the test does not depend on this process's environment.
fn validate(settings: &[(String, String)]) -> Result<jointreg::config::Settings, Vec<String>> {
    use clap::Parser;
    #[derive(Parser)]
    struct Cli {
        #[command(flatten)]
        settings: jointreg::config::SettingsArgs,
    }
    let flags = settings.iter().map(|(name, value)| {
        let flag = name.strip_prefix("JOINTREG_").unwrap_or(name).to_ascii_lowercase().replace('_', "-");
        format!("--{flag}={value}")
    });
    let cli =
        Cli::try_parse_from(std::iter::once("jointreg".to_owned()).chain(flags)).map_err(|e| vec![e.to_string()])?;
    cli.settings.validate()
}

/// The operator's part: every `REPLACE-ME` and `${…}` replaced by a value long enough for a secret.
fn filled_in(settings: &[(String, String)]) -> Vec<(String, String)> {
    let secret = "x".repeat(48);
    let fill = |value: &str| {
        let mut value = value.replace("REPLACE-ME", &secret);
        while let Some(start) = value.find("${") {
            let end = value[start..].find('}').map_or(value.len(), |end| start + end + 1);
            value.replace_range(start..end, &secret);
        }
        value
    };
    settings.iter().map(|(name, value)| (name.clone(), fill(value))).collect()
}

fn yaml_settings(map: &Value, what: &str) -> Vec<(String, String)> {
    map.as_mapping()
        .unwrap_or_else(|| panic!("{what} is not a mapping"))
        .iter()
        .map(|(name, value)| (text(name, what).to_owned(), text(value, what).to_owned()))
        .collect()
}

api_test! {
    fn the_shipped_settings_validate_once_their_placeholders_are_filled_in() {
        let kubernetes: Vec<_> = [
            yaml_settings(&object("ConfigMap")["data"], "ConfigMap data"),
            yaml_settings(&object("Secret")["stringData"], "Secret stringData"),
        ]
        .concat();
        let env_file: Vec<(String, String)> = read(&deploy_dir().join("systemd/jointreg.env"))
            .lines()
            .map(str::trim)
            .filter(|line| !line.is_empty() && !line.starts_with('#'))
            .filter_map(|line| line.split_once('=').map(|(name, value)| (name.to_owned(), value.to_owned())))
            .collect();
        let compose = documents(&deploy_dir().join("compose.yaml")).remove(0);
        let compose = yaml_settings(&compose["services"]["jointreg"]["environment"], "compose environment");

        for (name, settings) in [("kubernetes", &kubernetes), ("systemd", &env_file), ("compose", &compose)] {
            let settings = validate(&filled_in(settings)).unwrap_or_else(|problems| panic!("{name}: {problems:#?}"));
            assert_eq!(settings.environment, jointreg::config::Environment::Production, "{name}");
        }
        // Applied unedited, the placeholders stop the server instead of running with a known key.
        for (name, settings) in [("kubernetes", &kubernetes), ("systemd", &env_file)] {
            let problems = validate(settings).err().unwrap_or_else(|| panic!("{name}: placeholders accepted"));
            assert!(problems.iter().any(|p| p.starts_with("JOINTREG_JWT_SECRET: ")), "{name}: {problems:?}");
        }
    }
}

/// Dockerfile instructions, continuation lines joined, comments dropped.
fn dockerfile_instructions(text: &str) -> Vec<String> {
    let mut instructions = Vec::new();
    let mut current = String::new();
    for line in text.lines().map(str::trim).filter(|l| !l.starts_with('#') && !l.is_empty()) {
        match line.strip_suffix('\\') {
            Some(part) => {
                current.push_str(part.trim_end());
                current.push(' ');
            }
            None => {
                current.push_str(line);
                instructions.push(std::mem::take(&mut current));
            }
        }
    }
    instructions
}

fn keyword(instruction: &str) -> String {
    instruction.split_whitespace().next().unwrap_or_default().to_ascii_uppercase()
}

api_test! {
    fn the_image_is_built_in_stages_and_runs_unprivileged_with_a_health_check() {
        let instructions = dockerfile_instructions(&read(&deploy_dir().join("Dockerfile")));
        let stages: Vec<usize> =
            instructions.iter().enumerate().filter(|(_, i)| keyword(i) == "FROM").map(|(n, _)| n).collect();
        assert!(stages.len() >= 2, "a builder stage and a runtime stage, found {} FROM", stages.len());
        assert!(
            instructions.iter().any(|i| keyword(i) == "RUN" && i.contains("cargo build --release --locked")),
            "the binary is built with --release --locked"
        );

        let last = &instructions[*stages.last().unwrap()..];
        let find = |word: &str| last.iter().rfind(|i| keyword(i) == word);
        let user = find("USER").expect("the runtime stage sets USER");
        let user = user.split_whitespace().nth(1).unwrap_or_default().split(':').next().unwrap();
        assert!(!["root", "0", ""].contains(&user), "runs as {user:?}");
        assert!(find("HEALTHCHECK").is_some_and(|h| h.contains("/health/ready")), "a HEALTHCHECK on /health/ready");
        assert!(find("EXPOSE").is_some(), "the runtime stage EXPOSEs the port");
        assert_eq!(find("ENTRYPOINT").map(String::as_str), Some(r#"ENTRYPOINT ["jointreg"]"#));
        assert_eq!(find("CMD").map(String::as_str), Some(r#"CMD ["serve"]"#));
    }
}

/// `[section] -> [(key, value)]` of a systemd unit file.
fn unit_sections(text: &str) -> Vec<(String, Vec<(String, String)>)> {
    let mut sections: Vec<(String, Vec<(String, String)>)> = Vec::new();
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with(['#', ';'])) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            sections.push((name.to_owned(), Vec::new()));
        } else if let (Some((_, entries)), Some((key, value))) = (sections.last_mut(), line.split_once('=')) {
            entries.push((key.trim().to_owned(), value.trim().to_owned()));
        }
    }
    sections
}

api_test! {
    fn the_systemd_unit_serves_with_its_environment_file() {
        let unit = read(&deploy_dir().join("systemd/jointreg.service"));
        let sections = unit_sections(&unit);
        let names: Vec<&str> = sections.iter().map(|(name, _)| name.as_str()).collect();
        assert_eq!(names, ["Unit", "Service", "Install"]);
        let service = &sections[1].1;
        let get = |key: &str| service.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str());
        let exec: Vec<&str> = get("ExecStart").expect("ExecStart").split_whitespace().collect();
        assert!(exec[0].starts_with('/') && exec[0].ends_with("/jointreg"), "{exec:?}");
        assert_eq!(exec[1..], ["serve"]);
        assert_eq!(get("EnvironmentFile"), Some("/etc/jointreg/jointreg.env"));
        assert_eq!(get("Restart"), Some("on-failure"));
        assert_eq!(get("ProtectSystem"), Some("strict"));
        assert_eq!(get("NoNewPrivileges"), Some("yes"));

        // The example environment file is what EnvironmentFile= reads: NAME=value lines only.
        for line in read(&deploy_dir().join("systemd/jointreg.env")).lines().map(str::trim) {
            if !line.is_empty() && !line.starts_with('#') {
                let (name, _) = line.split_once('=').unwrap_or_else(|| panic!("not NAME=value: {line:?}"));
                assert!(name.starts_with("JOINTREG_") && !name.contains(' '), "{line:?}");
            }
        }
    }
}

api_test! {
    /// systemd's own check of the unit (systemd-analyze is not in every container).
    #[requires(Tool("systemd-analyze"))]
    fn systemd_analyze_accepts_the_unit() {
        // It insists that ExecStart's binary exists: point it at the one cargo just built.
        let unit = read(&deploy_dir().join("systemd/jointreg.service"))
            .replace("/usr/local/bin/jointreg", env!("CARGO_BIN_EXE_jointreg"));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("jointreg.service");
        std::fs::write(&path, unit).unwrap();
        let output = std::process::Command::new("systemd-analyze").arg("verify").arg(&path).output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        // Unknown or misspelt keys are only warnings (exit 0), which name the file.
        assert!(output.status.success() && !stderr.contains("jointreg.service"), "systemd-analyze verify:\n{stderr}");
    }
}
