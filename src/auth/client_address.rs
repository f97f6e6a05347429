//! The address a request really came from. `X-Forwarded-For` is believed only when the direct
//! peer is a configured proxy, and then only up to the first address that is not one.

use std::net::IpAddr;

use actix_web::HttpRequest;
use ipnet::IpNet;

pub fn client_ip(req: &HttpRequest, trusted_proxies: &[IpNet]) -> Option<IpAddr> {
    let peer = req.peer_addr()?.ip();
    let trusted = |ip: &IpAddr| trusted_proxies.iter().any(|net| net.contains(ip));
    if !trusted(&peer) {
        return Some(peer);
    }
    let forwarded: Vec<IpAddr> = req
        .headers()
        .get_all("x-forwarded-for")
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|part| part.trim().parse().ok())
        .collect();
    // Walk back from the nearest hop; the first untrusted address is the client.
    Some(forwarded.iter().rev().find(|ip| !trusted(ip)).or(forwarded.first()).copied().unwrap_or(peer))
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    fn request(peer: &str, forwarded: Option<&str>) -> HttpRequest {
        let mut request = TestRequest::default().peer_addr(format!("{peer}:40000").parse().unwrap());
        if let Some(value) = forwarded {
            request = request.insert_header(("X-Forwarded-For", value));
        }
        request.to_http_request()
    }

    #[test]
    fn forwarded_for_is_ignored_from_untrusted_peers() {
        let ip = client_ip(&request("203.0.113.9", Some("198.51.100.1")), &[]);
        assert_eq!(ip, Some("203.0.113.9".parse().unwrap()));
    }

    #[test]
    fn a_trusted_proxy_chain_yields_the_first_untrusted_address() {
        let proxies: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let ip = client_ip(&request("10.0.0.2", Some("6.6.6.6, 198.51.100.7, 10.0.0.3")), &proxies);
        assert_eq!(ip, Some("198.51.100.7".parse().unwrap()));
    }
}
