//! A small HTTP/1.1 client for the load benchmark: one kept-alive connection per task, requests
//! written whole, answers read by their length (or chunks). Loopback only.

use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// One answer: status, the headers asked for, and the body.
pub struct Answer {
    pub status: u16,
    pub set_cookies: Vec<String>,
    pub body: Vec<u8>,
}

pub struct Conn {
    addr: String,
    stream: Option<BufReader<TcpStream>>,
}

fn broken(what: &str) -> std::io::Error {
    std::io::Error::new(std::io::ErrorKind::InvalidData, what.to_string())
}

impl Conn {
    pub fn new(addr: &str) -> Conn {
        Conn { addr: addr.to_string(), stream: None }
    }

    /// Sends one request (reconnecting once if the kept-alive connection was closed).
    pub async fn send(
        &mut self,
        method: &str,
        path: &str,
        headers: &[(&str, &str)],
        body: &[u8],
    ) -> std::io::Result<Answer> {
        let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {}\r\n", self.addr);
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
        let mut request = head.into_bytes();
        request.extend_from_slice(body);
        for attempt in 0..2 {
            if self.stream.is_none() {
                self.stream = Some(BufReader::new(TcpStream::connect(&self.addr).await?));
            }
            let Some(stream) = self.stream.as_mut() else { continue };
            match exchange(stream, &request).await {
                Ok(a) => return Ok(a),
                Err(e) if attempt == 0 => {
                    self.stream = None;
                    let _ = e;
                }
                Err(e) => return Err(e),
            }
        }
        Err(broken("no connection"))
    }
}

async fn exchange(stream: &mut BufReader<TcpStream>, request: &[u8]) -> std::io::Result<Answer> {
    stream.get_mut().write_all(request).await?;
    let mut line = String::new();
    if stream.read_line(&mut line).await? == 0 {
        return Err(broken("closed"));
    }
    let status: u16 = line.split_whitespace().nth(1).and_then(|s| s.parse().ok()).ok_or_else(|| broken("status"))?;
    let (mut length, mut chunked, mut set_cookies) = (None, false, Vec::new());
    loop {
        line.clear();
        if stream.read_line(&mut line).await? == 0 {
            return Err(broken("closed in the headers"));
        }
        let l = line.trim_end();
        if l.is_empty() {
            break;
        }
        let Some((k, v)) = l.split_once(':') else { continue };
        let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
        match k.as_str() {
            "content-length" => length = v.parse::<usize>().ok(),
            "transfer-encoding" => chunked = v.eq_ignore_ascii_case("chunked"),
            "set-cookie" => set_cookies.push(v.to_string()),
            _ => {}
        }
    }
    let mut body = Vec::new();
    if chunked {
        loop {
            line.clear();
            stream.read_line(&mut line).await?;
            let n = usize::from_str_radix(line.trim(), 16).map_err(|_| broken("chunk"))?;
            let mut chunk = vec![0u8; n + 2];
            stream.read_exact(&mut chunk).await?;
            chunk.truncate(n);
            body.extend_from_slice(&chunk);
            if n == 0 {
                break;
            }
        }
    } else {
        body.resize(length.unwrap_or(0), 0);
        stream.read_exact(&mut body).await?;
    }
    Ok(Answer { status, set_cookies, body })
}

impl Answer {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The value of a cookie the answer sets.
    pub fn cookie(&self, name: &str) -> Option<String> {
        self.set_cookies.iter().find_map(|c| {
            let (k, rest) = c.split_once('=')?;
            (k == name).then(|| rest.split(';').next().unwrap_or_default().to_string())
        })
    }
}

/// The value of a hidden input of a page (`name="_csrf" value="…"`).
pub fn hidden(page: &str, name: &str) -> Option<String> {
    let at = page.find(&format!("name=\"{name}\""))?;
    let rest = page.get(at..)?;
    let v = rest.find("value=\"")? + 7;
    let end = rest.get(v..)?.find('"')?;
    rest.get(v..v + end).map(str::to_string)
}
