//! Test certificates (a CA, server and client certificates), made with the `openssl`
//! command line. Test support only: pgacct itself never makes a certificate, a TLS test
//! cluster gets its files through [`tls`].

use pgacct::cluster::TlsOptions;
use std::ffi::OsStr;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;

/// TLS options for a test cluster: a fresh CA and a server certificate for these names
/// (subjectAltName DNS entries, the first also the CN, and IP entries).
pub fn tls(san_dns: &[&str], san_ip: &[&str], hostssl_only: bool) -> TlsOptions {
    let dir = tempfile::tempdir().expect("a temporary directory for certificates");
    let (ca_cert, ca_key) = make_ca(dir.path(), "pgacct test CA");
    let dns: Vec<String> = san_dns.iter().map(|s| s.to_string()).collect();
    let ips: Vec<String> = san_ip.iter().map(|s| s.to_string()).collect();
    let (cert, key) = issue_cert((&ca_cert, &ca_key), dir.path(), "server", &dns, &ips);
    let read = |p: &Path| fs::read(p).unwrap_or_else(|e| panic!("read {}: {e}", p.display()));
    TlsOptions {
        ca_cert: read(&ca_cert),
        ca_key: read(&ca_key),
        server_cert: read(&cert),
        server_key: read(&key),
        hostssl_only,
    }
}

/// A name that may go into a certificate subject: letters, digits, space, `.-_:`.
pub fn check_cert_name(what: &str, s: &str) -> Result<(), String> {
    if s.is_empty()
        || s.len() > 64
        || !s
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " .-_:".contains(c))
    {
        return Err(format!(
            "{what} {s:?}: use letters, digits, space, '.', '-', '_', ':' (at most 64)"
        ));
    }
    Ok(())
}

fn openssl(args: &[&OsStr], what: &str) {
    let out = Command::new("openssl")
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{what}: cannot run openssl ({e}); install it: apt-get install -y openssl")
        });
    assert!(
        out.status.success(),
        "{what} failed ({}): {}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

fn new_key_args(key: &Path) -> Vec<&OsStr> {
    vec![
        "-newkey".as_ref(),
        "ec".as_ref(),
        "-pkeyopt".as_ref(),
        "ec_paramgen_curve:prime256v1".as_ref(),
        "-nodes".as_ref(),
        "-keyout".as_ref(),
        key.as_os_str(),
    ]
}

fn chmod_600(path: &Path) {
    fs::set_permissions(path, fs::Permissions::from_mode(0o600))
        .unwrap_or_else(|e| panic!("chmod {}: {e}", path.display()));
}

/// Make a CA certificate and key (`<dir>/ca.crt`, `<dir>/ca.key`, key 0600).
pub fn make_ca(dir: &Path, cn: &str) -> (PathBuf, PathBuf) {
    check_cert_name("CA common name", cn).unwrap();
    let cert = dir.join("ca.crt");
    let key = dir.join("ca.key");
    let subj = format!("/CN={cn}");
    let mut args: Vec<&OsStr> = vec!["req".as_ref(), "-x509".as_ref()];
    args.extend(new_key_args(&key));
    args.extend([
        "-out".as_ref(),
        cert.as_os_str(),
        "-days".as_ref(),
        "3650".as_ref(),
        "-subj".as_ref(),
        subj.as_ref(),
        "-addext".as_ref(),
        "basicConstraints=critical,CA:TRUE".as_ref(),
        "-addext".as_ref(),
        "keyUsage=critical,keyCertSign,cRLSign".as_ref(),
    ]);
    openssl(&args, "openssl req (CA)");
    chmod_600(&key);
    (cert, key)
}

/// Issue a certificate signed by `ca` (cert, key): `<dir>/<name>.crt` and `<dir>/<name>.key`
/// (0600), X.509 v3 with subjectAltName from `dns` and `ips`. The CN is the first DNS
/// name, else `name` (so a client certificate for role `alice` is `issue_cert(ca, dir,
/// "alice", &[], &[])`). Good for server and client authentication.
pub fn issue_cert(
    ca: (&Path, &Path),
    dir: &Path,
    name: &str,
    dns: &[String],
    ips: &[String],
) -> (PathBuf, PathBuf) {
    check_cert_name("certificate name", name).unwrap();
    for d in dns {
        check_cert_name("DNS name", d).unwrap();
    }
    for ip in ips {
        ip.parse::<std::net::IpAddr>()
            .unwrap_or_else(|_| panic!("IP address {ip:?} is not an IP address"));
    }
    let cn = dns.first().map(String::as_str).unwrap_or(name);
    let cert = dir.join(format!("{name}.crt"));
    let key = dir.join(format!("{name}.key"));
    let csr = dir.join(format!("{name}.csr"));
    let ext = dir.join(format!("{name}.ext"));
    let subj = format!("/CN={cn}");

    let mut args: Vec<&OsStr> = vec!["req".as_ref(), "-new".as_ref()];
    args.extend(new_key_args(&key));
    args.extend([
        "-out".as_ref(),
        csr.as_os_str(),
        "-subj".as_ref(),
        subj.as_ref(),
    ]);
    openssl(&args, "openssl req (certificate request)");
    chmod_600(&key);

    let mut ext_text = String::from(
        "basicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n",
    );
    let sans: Vec<String> = dns
        .iter()
        .map(|d| format!("DNS:{d}"))
        .chain(ips.iter().map(|i| format!("IP:{i}")))
        .collect();
    if !sans.is_empty() {
        ext_text.push_str(&format!("subjectAltName={}\n", sans.join(",")));
    }
    fs::write(&ext, ext_text).unwrap_or_else(|e| panic!("write {}: {e}", ext.display()));
    let serial = format!("0x{:032x}", rand::random::<u128>() >> 1);
    let args: Vec<&OsStr> = vec![
        "x509".as_ref(),
        "-req".as_ref(),
        "-in".as_ref(),
        csr.as_os_str(),
        "-CA".as_ref(),
        ca.0.as_os_str(),
        "-CAkey".as_ref(),
        ca.1.as_os_str(),
        "-set_serial".as_ref(),
        serial.as_ref(),
        "-days".as_ref(),
        "825".as_ref(),
        "-extfile".as_ref(),
        ext.as_os_str(),
        "-out".as_ref(),
        cert.as_os_str(),
    ];
    openssl(&args, "openssl x509 (sign certificate)");
    let _ = fs::remove_file(&csr);
    let _ = fs::remove_file(&ext);
    (cert, key)
}
