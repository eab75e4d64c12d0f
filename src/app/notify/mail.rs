//! E-mail over SMTP to a relay the operator runs (a local Postfix, the
//! district's mail gateway): plain SMTP, UTF-8 subject and body. linli
//! never talks to the internet itself; the relay does.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

/// Why a message was not handed over.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The relay could not be reached or the connection broke.
    #[error("mail relay unreachable: {0}")]
    Io(#[from] std::io::Error),
    /// The relay answered with an error.
    #[error("mail relay refused: {0}")]
    Refused(String),
    /// An address carries line breaks or is not one.
    #[error("bad mail address")]
    BadAddress,
    /// The relay did not answer in time.
    #[error("mail relay timed out")]
    Timeout,
}

/// A mail relay and the sender address.
#[derive(Debug, Clone)]
pub struct Mailer {
    host: String,
    port: u16,
    from: String,
}

fn address_ok(a: &str) -> bool {
    a.contains('@') && !a.chars().any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>'))
}

/// Base64 in lines of 76, as MIME wants.
fn wrapped(text: &[u8]) -> String {
    let encoded = STANDARD.encode(text);
    encoded
        .as_bytes()
        .chunks(76)
        .map(|c| std::str::from_utf8(c).expect("base64 is ASCII"))
        .collect::<Vec<_>>()
        .join("\r\n")
}

/// The message as sent after DATA (headers, blank line, body, no final dot).
pub fn compose(from: &str, to: &str, subject: &str, body: &str, now: chrono::DateTime<chrono::Utc>) -> String {
    format!(
        "From: 邻里 linli <{from}>\r\nTo: <{to}>\r\nSubject: =?UTF-8?B?{}?=\r\nDate: {}\r\nMessage-ID: <{}@linli>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{}\r\n",
        STANDARD.encode(subject),
        now.to_rfc2822(),
        uuid::Uuid::now_v7().simple(),
        wrapped(body.as_bytes()),
    )
}

impl Mailer {
    /// A relay at `host:port`, sending as `from`.
    pub fn new(host: String, port: u16, from: String) -> Mailer {
        Mailer { host, port, from }
    }

    /// Hands one message to the relay.
    pub async fn send(&self, to: &str, subject: &str, body: &str) -> Result<(), MailError> {
        if !address_ok(to) || !address_ok(&self.from) {
            return Err(MailError::BadAddress);
        }
        let message = compose(&self.from, to, subject, body, chrono::Utc::now());
        tokio::time::timeout(Duration::from_secs(30), self.talk(to, &message)).await.map_err(|_| MailError::Timeout)?
    }

    async fn talk(&self, to: &str, message: &str) -> Result<(), MailError> {
        let stream = TcpStream::connect((self.host.as_str(), self.port)).await?;
        let (read, mut write) = stream.into_split();
        let mut read = BufReader::new(read);
        expect(&mut read, '2').await?;
        for (command, wanted) in [
            ("EHLO linli".to_owned(), '2'),
            (format!("MAIL FROM:<{}>", self.from), '2'),
            (format!("RCPT TO:<{to}>"), '2'),
            ("DATA".to_owned(), '3'),
        ] {
            write.write_all(format!("{command}\r\n").as_bytes()).await?;
            expect(&mut read, wanted).await?;
        }
        // Lines starting with a dot are doubled (RFC 5321 §4.5.2); base64 has none.
        write.write_all(message.as_bytes()).await?;
        write.write_all(b".\r\n").await?;
        expect(&mut read, '2').await?;
        write.write_all(b"QUIT\r\n").await?;
        Ok(())
    }
}

/// Reads one (possibly multi-line) reply; its code must start with `class`.
async fn expect<R: tokio::io::AsyncBufRead + Unpin>(read: &mut R, class: char) -> Result<(), MailError> {
    loop {
        let mut line = String::new();
        if read.read_line(&mut line).await? == 0 {
            return Err(MailError::Refused("connection closed".into()));
        }
        if !line.starts_with(class) {
            return Err(MailError::Refused(line.trim().to_owned()));
        }
        // "250-…" continues; "250 …" ends the reply.
        if line.as_bytes().get(3) != Some(&b'-') {
            return Ok(());
        }
    }
}

/// A relay for tests: accepts connections, speaks enough SMTP, and keeps
/// each message's DATA. Answers `refuse_rcpt` to RCPT when set.
#[doc(hidden)]
pub async fn fake_relay(refuse_rcpt: bool) -> (u16, std::sync::Arc<std::sync::Mutex<Vec<String>>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let got = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let kept = got.clone();
    tokio::spawn(async move {
        while let Ok((stream, _)) = listener.accept().await {
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = stream.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 fake relay\r\n").await;
                let (mut data, mut in_data) = (String::new(), false);
                while let Ok(Some(line)) = lines.next_line().await {
                    let reply: &[u8] = if in_data {
                        if line == "." {
                            in_data = false;
                            kept.lock().expect("lock").push(std::mem::take(&mut data));
                            b"250 queued\r\n"
                        } else {
                            data.push_str(&line);
                            data.push_str("\r\n");
                            continue;
                        }
                    } else if line.starts_with("EHLO") {
                        b"250-fake\r\n250 8BITMIME\r\n"
                    } else if line.starts_with("RCPT") && refuse_rcpt {
                        b"550 no such user\r\n"
                    } else if line == "DATA" {
                        in_data = true;
                        b"354 go on\r\n"
                    } else if line == "QUIT" {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        b"250 ok\r\n"
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    (port, got)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_message_reaches_the_relay_with_its_chinese_subject_and_body() {
        let (port, got) = fake_relay(false).await;
        let mailer = Mailer::new("127.0.0.1".into(), port, "linli@jtl.example".into());
        mailer.send("resident@example.org", "诉求 E123", "您反映的问题：已派遣").await.unwrap();
        let data = got.lock().unwrap().pop().unwrap();
        assert!(data.contains("To: <resident@example.org>"));
        assert!(data.contains(&format!("Subject: =?UTF-8?B?{}?=", STANDARD.encode("诉求 E123"))));
        let body = data.split("\r\n\r\n").nth(1).unwrap().replace("\r\n", "");
        assert_eq!(String::from_utf8(STANDARD.decode(body).unwrap()).unwrap(), "您反映的问题：已派遣");
    }

    #[tokio::test]
    async fn a_refusal_and_a_header_injection_are_errors() {
        let (port, _) = fake_relay(true).await;
        let mailer = Mailer::new("127.0.0.1".into(), port, "linli@jtl.example".into());
        let e = mailer.send("nobody@example.org", "s", "b").await.unwrap_err();
        assert!(matches!(e, MailError::Refused(ref m) if m.starts_with("550")), "{e}");
        let e = mailer.send("a@b.org\r\nBcc: x@y.org", "s", "b").await.unwrap_err();
        assert!(matches!(e, MailError::BadAddress));
    }
}
