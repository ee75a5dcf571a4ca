use crate::codec::{BackendMessage, BackendMessages, FrontendMessage, PostgresCodec};
use crate::copy_in::CopyInReceiver;
use crate::error::DbError;
use crate::maybe_tls_stream::MaybeTlsStream;
use crate::{AsyncMessage, Error, Notification};
use bytes::BytesMut;
use fallible_iterator::FallibleIterator;
use futures_channel::mpsc;
use futures_util::{Sink, Stream, StreamExt, stream::FusedStream};
use log::{info, trace};
use postgres_protocol::authentication::sasl::ScramSha256;
use postgres_protocol::message::backend::Message;
use postgres_protocol::message::frontend;
use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio_util::codec::Framed;

pub enum RequestMessages {
    Single(FrontendMessage),
    CopyIn(CopyInReceiver),
}

pub struct Request {
    pub messages: RequestMessages,
    pub sender: mpsc::Sender<BackendMessages>,
}

pub struct Response {
    sender: mpsc::Sender<BackendMessages>,
}

/// pgacct patch: where a pipelined SCRAM login's end stands (see `Config::pipeline_login`).
enum LoginTail {
    /// The server's signature (AuthenticationSASLFinal) is next: verified with this state.
    Signature(Box<ScramSha256>),
    /// AuthenticationOk is next.
    Ok,
    /// The parameters and backend key, until ReadyForQuery.
    Info,
}

#[derive(PartialEq, Debug)]
enum State {
    Active,
    Terminating,
    Closing,
}

/// pgacct patch: how many connections of this process ended at their response deadline
/// (later calls on such a connection only see "connection closed").
static RESPONSE_DEADLINES_PASSED: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(0);

/// pgacct patch: true once a connection of this process ended at its response deadline.
pub fn response_deadline_passed() -> bool {
    RESPONSE_DEADLINES_PASSED.load(std::sync::atomic::Ordering::Relaxed) > 0
}

/// A connection to a PostgreSQL database.
///
/// This is one half of what is returned when a new connection is established. It performs the actual IO with the
/// server, and should generally be spawned off onto an executor to run in the background.
///
/// `Connection` implements `Future`, and only resolves when the connection is closed, either because a fatal error has
/// occurred, or because its associated `Client` has dropped and all outstanding work has completed.
#[must_use = "futures do nothing unless polled"]
pub struct Connection<S, T> {
    stream: Framed<MaybeTlsStream<S, T>, PostgresCodec>,
    parameters: HashMap<String, String>,
    receiver: mpsc::UnboundedReceiver<Request>,
    pending_request: Option<RequestMessages>,
    pending_responses: VecDeque<BackendMessage>,
    responses: VecDeque<Response>,
    state: State,
    /// pgacct patch: how long a request may wait for the server's next message, and the
    /// timer running while one waits.
    response_deadline: Option<std::time::Duration>,
    response_timer: Option<Pin<Box<tokio::time::Sleep>>>,
    /// pgacct patch: a pipelined login's end, read before any answer is dispatched, and
    /// how long it may take once a request waits (the connect timeout).
    login_tail: Option<LoginTail>,
    login_deadline: Option<std::time::Duration>,
    /// pgacct patch: the parameters, shared with whoever asked for them
    /// ([`Connection::shared_parameters`]), kept up to date.
    shared_parameters: Option<std::sync::Arc<std::sync::Mutex<HashMap<String, String>>>>,
}

impl<S, T> Connection<S, T>
where
    S: AsyncRead + AsyncWrite + Unpin,
    T: AsyncRead + AsyncWrite + Unpin,
{
    pub(crate) fn new(
        stream: Framed<MaybeTlsStream<S, T>, PostgresCodec>,
        pending_responses: VecDeque<BackendMessage>,
        parameters: HashMap<String, String>,
        receiver: mpsc::UnboundedReceiver<Request>,
    ) -> Connection<S, T> {
        Connection {
            stream,
            parameters,
            receiver,
            pending_request: None,
            pending_responses,
            responses: VecDeque::new(),
            state: State::Active,
            response_deadline: None,
            response_timer: None,
            login_tail: None,
            login_deadline: None,
            shared_parameters: None,
        }
    }

    /// pgacct patch: the login's end is still to come (`Config::pipeline_login`); `scram`
    /// verifies the server's signature.
    /// `deadline` (the connect timeout) bounds the wait for the login's end, as it bounds
    /// a login that is not pipelined: past it, the connection ends with a timeout error.
    pub(crate) fn set_login_tail(
        &mut self,
        scram: ScramSha256,
        deadline: Option<std::time::Duration>,
    ) {
        self.login_tail = Some(LoginTail::Signature(Box::new(scram)));
        self.login_deadline = deadline;
    }

    /// The parameters the server reported, as a map kept up to date as more arrive (pgacct
    /// patch: after a pipelined login, they arrive once the connection is polled).
    pub fn shared_parameters(
        &mut self,
    ) -> std::sync::Arc<std::sync::Mutex<HashMap<String, String>>> {
        let parameters = &self.parameters;
        self.shared_parameters
            .get_or_insert_with(|| std::sync::Arc::new(std::sync::Mutex::new(parameters.clone())))
            .clone()
    }

    /// pgacct patch: read a pipelined login's end from `messages` (a chunk of the server's
    /// answer ends at ReadyForQuery, so it holds nothing after the login's).
    fn read_login_tail(&mut self, mut messages: BackendMessages) -> Result<(), Error> {
        while let Some(message) = messages.next().map_err(Error::parse)? {
            let Some(tail) = self.login_tail.take() else {
                return Err(Error::unexpected_message());
            };
            self.login_tail = match (tail, message) {
                (_, Message::ErrorResponse(body)) => return Err(Error::db(body)),
                (LoginTail::Signature(mut scram), Message::AuthenticationSaslFinal(body)) => {
                    scram
                        .finish(body.data())
                        .map_err(|e| Error::authentication(e.into()))?;
                    Some(LoginTail::Ok)
                }
                (LoginTail::Ok, Message::AuthenticationOk) => Some(LoginTail::Info),
                (LoginTail::Info, Message::BackendKeyData(_)) => Some(LoginTail::Info),
                (LoginTail::Info, Message::ReadyForQuery(_)) => None,
                _ => return Err(Error::unexpected_message()),
            };
        }
        Ok(())
    }

    /// pgacct patch: see `Config::response_deadline`.
    pub(crate) fn set_response_deadline(&mut self, deadline: Option<std::time::Duration>) {
        self.response_deadline = deadline;
    }

    /// pgacct patch: while a request waits for an answer, fail once the server has sent
    /// nothing for the response deadline.
    fn poll_deadline(&mut self, cx: &mut Context<'_>) -> Result<(), Error> {
        // While a pipelined login's end is awaited: the connect timeout, if any.
        let login = self.login_tail.is_some() && self.login_deadline.is_some();
        let deadline = if login {
            self.login_deadline
        } else {
            self.response_deadline
        };
        let Some(deadline) = deadline else {
            return Ok(());
        };
        if self.responses.is_empty() && self.login_tail.is_none() {
            self.response_timer = None;
            return Ok(());
        }
        let timer = self
            .response_timer
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(deadline)));
        if timer.as_mut().poll(cx).is_ready() {
            self.response_timer = None;
            if login {
                self.state = State::Closing;
                return Err(Error::__private_api_timeout());
            }
            RESPONSE_DEADLINES_PASSED.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return Err(Error::io(std::io::Error::new(
                std::io::ErrorKind::TimedOut,
                "no answer from the server within the response deadline",
            )));
        }
        Ok(())
    }

    fn poll_response(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<BackendMessage, Error>>> {
        if let Some(message) = self.pending_responses.pop_front() {
            trace!("retrying pending response");
            return Poll::Ready(Some(Ok(message)));
        }

        Pin::new(&mut self.stream)
            .poll_next(cx)
            .map(|o| o.map(|r| r.map_err(Error::io)))
    }

    fn poll_read(&mut self, cx: &mut Context<'_>) -> Result<Option<AsyncMessage>, Error> {
        if self.state != State::Active {
            trace!("poll_read: done");
            return Ok(None);
        }

        loop {
            let message = match self.poll_response(cx)? {
                Poll::Ready(Some(message)) => {
                    self.response_timer = None;
                    message
                }
                Poll::Ready(None) => return Err(Error::closed()),
                Poll::Pending => {
                    trace!("poll_read: waiting on response");
                    return Ok(None);
                }
            };

            let (mut messages, request_complete) = match message {
                BackendMessage::Async(Message::NoticeResponse(body)) => {
                    let error = DbError::parse(&mut body.fields()).map_err(Error::parse)?;
                    return Ok(Some(AsyncMessage::Notice(error)));
                }
                BackendMessage::Async(Message::NotificationResponse(body)) => {
                    let notification = Notification {
                        process_id: body.process_id(),
                        channel: body.channel().map_err(Error::parse)?.to_string(),
                        payload: body.message().map_err(Error::parse)?.to_string(),
                    };
                    return Ok(Some(AsyncMessage::Notification(notification)));
                }
                BackendMessage::Async(Message::ParameterStatus(body)) => {
                    let name = body.name().map_err(Error::parse)?.to_string();
                    let value = body.value().map_err(Error::parse)?.to_string();
                    if let Some(shared) = &self.shared_parameters {
                        shared
                            .lock()
                            .unwrap_or_else(|p| p.into_inner())
                            .insert(name.clone(), value.clone());
                    }
                    self.parameters.insert(name, value);
                    continue;
                }
                BackendMessage::Async(_) => unreachable!(),
                BackendMessage::Normal { messages, .. } if self.login_tail.is_some() => {
                    if let Err(e) = self.read_login_tail(messages) {
                        // A refused or unproven login: nothing the server sends is read
                        // any more (no answer reaches a request); the next poll closes.
                        self.state = State::Closing;
                        return Err(e);
                    }
                    continue;
                }
                BackendMessage::Normal {
                    messages,
                    request_complete,
                } => (messages, request_complete),
            };

            let mut response = match self.responses.pop_front() {
                Some(response) => response,
                None => match messages.next().map_err(Error::parse)? {
                    Some(Message::ErrorResponse(error)) => return Err(Error::db(error)),
                    _ => return Err(Error::unexpected_message()),
                },
            };

            match response.sender.poll_ready(cx) {
                Poll::Ready(Ok(())) => {
                    let _ = response.sender.start_send(messages);
                    if !request_complete {
                        self.responses.push_front(response);
                    }
                }
                Poll::Ready(Err(_)) => {
                    // we need to keep paging through the rest of the messages even if the receiver's hung up
                    if !request_complete {
                        self.responses.push_front(response);
                    }
                }
                Poll::Pending => {
                    self.responses.push_front(response);
                    self.pending_responses.push_back(BackendMessage::Normal {
                        messages,
                        request_complete,
                    });
                    trace!("poll_read: waiting on sender");
                    return Ok(None);
                }
            }
        }
    }

    fn poll_request(&mut self, cx: &mut Context<'_>) -> Poll<Option<RequestMessages>> {
        if let Some(messages) = self.pending_request.take() {
            trace!("retrying pending request");
            return Poll::Ready(Some(messages));
        }

        if self.receiver.is_terminated() {
            return Poll::Ready(None);
        }

        match self.receiver.poll_next_unpin(cx) {
            Poll::Ready(Some(request)) => {
                trace!("polled new request");
                self.responses.push_back(Response {
                    sender: request.sender,
                });
                Poll::Ready(Some(request.messages))
            }
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => Poll::Pending,
        }
    }

    fn poll_write(&mut self, cx: &mut Context<'_>) -> Result<bool, Error> {
        loop {
            if self.state == State::Closing {
                trace!("poll_write: done");
                return Ok(false);
            }

            if Pin::new(&mut self.stream)
                .poll_ready(cx)
                .map_err(Error::io)?
                .is_pending()
            {
                trace!("poll_write: waiting on socket");
                return Ok(false);
            }

            let request = match self.poll_request(cx) {
                Poll::Ready(Some(request)) => request,
                Poll::Ready(None) if self.responses.is_empty() && self.state == State::Active => {
                    trace!("poll_write: at eof, terminating");
                    self.state = State::Terminating;
                    let mut request = BytesMut::new();
                    frontend::terminate(&mut request);
                    RequestMessages::Single(FrontendMessage::Raw(request.freeze()))
                }
                Poll::Ready(None) => {
                    trace!(
                        "poll_write: at eof, pending responses {}",
                        self.responses.len()
                    );
                    return Ok(true);
                }
                Poll::Pending => {
                    trace!("poll_write: waiting on request");
                    return Ok(true);
                }
            };

            match request {
                RequestMessages::Single(request) => {
                    Pin::new(&mut self.stream)
                        .start_send(request)
                        .map_err(Error::io)?;
                    if self.state == State::Terminating {
                        trace!("poll_write: sent eof, closing");
                        self.state = State::Closing;
                    }
                }
                RequestMessages::CopyIn(mut receiver) => {
                    let message = match receiver.poll_next_unpin(cx) {
                        Poll::Ready(Some(message)) => message,
                        Poll::Ready(None) => {
                            trace!("poll_write: finished copy_in request");
                            continue;
                        }
                        Poll::Pending => {
                            trace!("poll_write: waiting on copy_in stream");
                            self.pending_request = Some(RequestMessages::CopyIn(receiver));
                            return Ok(true);
                        }
                    };
                    Pin::new(&mut self.stream)
                        .start_send(message)
                        .map_err(Error::io)?;
                    self.pending_request = Some(RequestMessages::CopyIn(receiver));
                }
            }
        }
    }

    fn poll_flush(&mut self, cx: &mut Context<'_>) -> Result<(), Error> {
        match Pin::new(&mut self.stream)
            .poll_flush(cx)
            .map_err(Error::io)?
        {
            Poll::Ready(()) => trace!("poll_flush: flushed"),
            Poll::Pending => trace!("poll_flush: waiting on socket"),
        }
        Ok(())
    }

    fn poll_shutdown(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        if self.state != State::Closing {
            return Poll::Pending;
        }

        match Pin::new(&mut self.stream)
            .poll_close(cx)
            .map_err(Error::io)?
        {
            Poll::Ready(()) => {
                trace!("poll_shutdown: complete");
                Poll::Ready(Ok(()))
            }
            Poll::Pending => {
                trace!("poll_shutdown: waiting on socket");
                Poll::Pending
            }
        }
    }

    /// Returns the value of a runtime parameter for this connection.
    pub fn parameter(&self, name: &str) -> Option<&str> {
        self.parameters.get(name).map(|s| &**s)
    }

    fn poll_message_inner(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<AsyncMessage, Error>>> {
        let message = self.poll_read(cx)?;
        let want_flush = self.poll_write(cx)?;
        if want_flush {
            self.poll_flush(cx)?;
        }
        if message.is_none() {
            self.poll_deadline(cx)?;
        }
        match message {
            Some(message) => Poll::Ready(Some(Ok(message))),
            None => match self.poll_shutdown(cx) {
                Poll::Ready(Ok(())) => Poll::Ready(None),
                Poll::Ready(Err(e)) => Poll::Ready(Some(Err(e))),
                Poll::Pending => Poll::Pending,
            },
        }
    }

    /// Polls for asynchronous messages from the server.
    ///
    /// The server can send notices as well as notifications asynchronously to the client. Applications that wish to
    /// examine those messages should use this method to drive the connection rather than its `Future` implementation.
    ///
    /// Return values of `None` or `Some(Err(_))` are "terminal"; callers should not invoke this method again after
    /// receiving one of those values.
    pub fn poll_message(
        &mut self,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<AsyncMessage, Error>>> {
        match self.poll_message_inner(cx) {
            nominal @ (Poll::Pending | Poll::Ready(Some(Ok(_)))) => nominal,
            terminal @ (Poll::Ready(None) | Poll::Ready(Some(Err(_)))) => {
                self.receiver.close();
                terminal
            }
        }
    }
}

impl<S, T> Future for Connection<S, T>
where
    S: AsyncRead + AsyncWrite + Unpin,
    T: AsyncRead + AsyncWrite + Unpin,
{
    type Output = Result<(), Error>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        while let Some(message) = ready!(self.poll_message(cx)?) {
            if let AsyncMessage::Notice(notice) = message {
                info!("{}: {}", notice.severity(), notice.message());
            }
        }
        Poll::Ready(Ok(()))
    }
}
