//! Fetching JSON documents for `verify` and `doctor`: blocking, rustls, one overall timeout
//! per request, bodies bounded, and no redirects followed. FastMCP's own fetches (httpx
//! with `raise_for_status`) do not follow redirects either, so a redirect is reported as the
//! problem it would be for the server, and nothing is ever sent to a host the config does
//! not name. No credentials are sent by this module.

use std::time::Duration;

use serde_json::Value;

/// Larger documents are refused (real discovery documents and JWKS are a few KiB).
pub const MAX_BODY_BYTES: u64 = 1024 * 1024;
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);

/// A fetch that reached the server.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    /// `Location` of a redirect.
    pub location: Option<String>,
    pub body: String,
}

pub struct Client {
    agent: ureq::Agent,
    timeout: Duration,
}

impl Client {
    pub fn new(timeout: Duration) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .max_redirects(0)
            .max_redirects_will_error(false)
            .http_status_as_error(false)
            .user_agent(concat!("fastmcp-auth/", env!("CARGO_PKG_VERSION")))
            .build()
            .into();
        Client { agent, timeout }
    }

    /// GETs `url`; `Err` is a sentence saying why nothing usable came back.
    pub fn get(&self, url: &str) -> Result<Response, String> {
        let parsed = url::Url::parse(url).map_err(|e| format!("not a URL ({e})"))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!("{} is not http(s)", parsed.scheme()));
        }
        let mut response = self
            .agent
            .get(url)
            .header("Accept", "application/json")
            .call()
            .map_err(|e| self.describe(&e))?;
        let status = response.status().as_u16();
        let location = response
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_BODY_BYTES)
            .read_to_string()
            .map_err(|e| self.describe(&e))?;
        Ok(Response {
            status,
            location,
            body,
        })
    }

    /// GETs `url` and parses a JSON body from a 2xx answer.
    pub fn get_json(&self, url: &str) -> Result<Value, String> {
        let response = self.get(url)?;
        match response.status {
            200..=299 => serde_json::from_str(&response.body)
                .map_err(|e| format!("the answer is not JSON ({e})")),
            300..=399 => Err(format!(
                "HTTP {} redirect to {} (FastMCP does not follow redirects)",
                response.status,
                response.location.as_deref().unwrap_or("nowhere")
            )),
            status => Err(format!("HTTP {status}")),
        }
    }

    fn describe(&self, err: &ureq::Error) -> String {
        match err {
            ureq::Error::Timeout(_) => format!("no answer within {:?}", self.timeout),
            ureq::Error::BodyExceedsLimit(_) => {
                format!("the answer is larger than {MAX_BODY_BYTES} bytes")
            }
            ureq::Error::Io(e) => format!("cannot connect ({})", e.kind()),
            ureq::Error::HostNotFound => "host not found".into(),
            ureq::Error::ConnectionFailed => "connection failed".into(),
            other => other.to_string(),
        }
    }
}
