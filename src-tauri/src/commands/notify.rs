//! Messages to the people concerned by changes or an allocation: the
//! template, a preview, the .eml files in a folder, and sending through the
//! organisation's mail server in the background (started by one command,
//! followed by another), resumable.

use super::{Dialog, Res};
use crate::AppState;
use deroule::model::Id;
use deroule::notify::eml::{parse_sender, write_eml, EmlReport};
use deroule::notify::smtp::{self, Ledger, Mailer, SendingStatus, Sent, SmtpSettings, SmtpView};
use deroule::notify::{MessageTemplate, NotifyKind, NotifyPreview, NotifyRequest};
use deroule::publish::secret::SMTP;
use deroule::{Error, ErrorCode};
use std::collections::HashSet;
use tauri::{AppHandle, Manager, Runtime, State};

/// The Notify dialog's view of a batch; `template` (checked, not saved)
/// replaces the event's while it is edited; `sampleOf` chooses whose
/// message is shown.
#[tauri::command(async)]
pub(crate) fn notify_preview(
    state: State<'_, AppState>,
    event_id: Id,
    request: NotifyRequest,
    template: Option<MessageTemplate>,
    sample_of: Option<String>,
) -> Res<NotifyPreview> {
    state.with(|db| db.notify_preview(event_id, &request, template.as_ref(), sample_of.as_deref()))
}

/// Keeps the event's template for a kind of message.
#[tauri::command(async)]
pub(crate) fn save_message_template(
    state: State<'_, AppState>,
    event_id: Id,
    kind: NotifyKind,
    template: MessageTemplate,
) -> Res<MessageTemplate> {
    state.with(|db| db.save_message_template(event_id, kind, &template))
}

/// Forgets the event's template: the default of its language again.
#[tauri::command(async)]
pub(crate) fn reset_message_template(
    state: State<'_, AppState>,
    event_id: Id,
    kind: NotifyKind,
) -> Res<MessageTemplate> {
    state.with(|db| db.reset_message_template(event_id, kind))
}

/// Writes one .eml per person, and the desk's list, into a folder chosen
/// with the system dialog (or `--save-to`); nothing when cancelled.
#[tauri::command(async)]
pub(crate) fn save_notify_eml<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    event_id: Id,
    request: NotifyRequest,
) -> Res<Option<EmlReport>> {
    let Some(dir) = state.choose_folder(&app)? else {
        return Ok(None);
    };
    // On a copy of the database (see `AppState::apart`): their calendars
    // record what they send, taken up once the messages are written.
    state
        .apart(|db| {
            let from = match db.smtp_settings()? {
                Some(s) => Some(parse_sender(&s.from)?),
                None => None,
            };
            let now = db.now();
            let plan = db.notify_plan(event_id, &request, None, true, now)?;
            write_eml(&plan, &dir, from.as_ref(), now)
        })
        .map(Some)
}

fn smtp_view(state: &AppState) -> Res<SmtpView> {
    let settings = state.with(|db| db.smtp_settings())?;
    let has_password = settings
        .as_ref()
        .is_some_and(|s| s.user.trim().is_empty() || state.smtp_password(s).is_ok());
    Ok(SmtpView {
        settings,
        has_password,
    })
}

/// The mail server kept for this database.
#[tauri::command(async)]
pub(crate) fn smtp_settings(state: State<'_, AppState>) -> Res<SmtpView> {
    smtp_view(&state)
}

/// Keeps the mail server's settings in the database and, when given, its
/// password in the system keyring (never in the database; when the
/// keyring is unavailable, for this session only).
#[tauri::command(async)]
pub(crate) fn save_smtp_settings(
    state: State<'_, AppState>,
    settings: SmtpSettings,
    password: Option<String>,
) -> Res<SmtpView> {
    let saved = state.with(|db| db.save_smtp_settings(&settings))?;
    if let Some(password) = password.filter(|p| !p.is_empty()) {
        let kept = SMTP.store_password(&saved.server(), saved.user.trim(), &password);
        state.remember_secret(&secret_key(&saved), &password);
        if let Err(e) = kept {
            eprintln!("deroule: {}", e.message);
        }
    }
    smtp_view(&state)
}

/// Starts sending a batch in the background through the saved mail
/// server; follow it with `sending_status`. Who already has the batch's
/// message is skipped, so this also resumes after a failure.
#[tauri::command(async)]
pub(crate) fn start_sending<R: Runtime>(
    app: AppHandle<R>,
    state: State<'_, AppState>,
    event_id: Id,
    request: NotifyRequest,
) -> Res<()> {
    let settings = state
        .with(|db| db.smtp_settings())?
        .ok_or_else(|| Error::invalid("host", "required", "no mail server is configured"))?;
    let password = state.smtp_password(&settings)?;
    let mailer = Mailer::new(&settings, &password)?;
    {
        let mut sending = state.sending();
        if sending.running {
            return Err(Error::new(
                ErrorCode::Invalid,
                "messages are already being sent",
            ));
        }
        *sending = SendingStatus {
            running: true,
            ..SendingStatus::default()
        };
    }
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let result = send_batch(&state, event_id, &request, &mailer);
        let mut sending = state.sending();
        sending.running = false;
        match result {
            Ok(report) => sending.report = Some(report),
            Err(e) => sending.error = Some(e),
        }
    });
    Ok(())
}

fn send_batch(
    state: &AppState,
    event_id: Id,
    request: &NotifyRequest,
    mailer: &Mailer,
) -> Res<smtp::SendReport> {
    let (plan, now) = state.with(|db| {
        let now = db.now();
        Ok((db.notify_plan(event_id, request, None, true, now)?, now))
    })?;
    state.sending().total = plan.messages.len() as u32;
    let mut ledger = AppLedger(state);
    smtp::send(&plan, mailer, &mut ledger, now, &mut |done, total, _| {
        let mut sending = state.sending();
        sending.done = done as u32;
        sending.total = total as u32;
    })
}

/// Where sending stands.
#[tauri::command(async)]
pub(crate) fn sending_status(state: State<'_, AppState>) -> Res<SendingStatus> {
    Ok(state.sending().clone())
}

/// What a mail server's password typed in this run is kept under.
fn secret_key(settings: &SmtpSettings) -> String {
    format!("smtp {}@{}", settings.user.trim(), settings.server())
}

/// The database behind the app's lock, taken only to read and to record.
struct AppLedger<'a>(&'a AppState);

impl Ledger for AppLedger<'_> {
    fn already_sent(&mut self, event_id: Id, batch: &str) -> deroule::Result<HashSet<String>> {
        self.0.with(|db| db.already_sent(event_id, batch))
    }

    fn record_sent(&mut self, event_id: Id, batch: &str, sent: &Sent<'_>) -> deroule::Result<()> {
        self.0.with(|db| db.record_sent(event_id, batch, sent))
    }
}

impl AppState {
    /// The password of the saved mail server: given in this session, else
    /// the keyring's (or `DEROULE_SMTP_PASSWORD`).
    fn smtp_password(&self, settings: &SmtpSettings) -> Res<String> {
        match self.secret(&secret_key(settings)) {
            Some(p) => Ok(p),
            None => SMTP.password(&settings.server(), settings.user.trim()),
        }
    }

    /// The folder to write into: the system dialog, or `--save-to`.
    fn choose_folder<R: Runtime>(&self, app: &AppHandle<R>) -> Res<Option<std::path::PathBuf>> {
        self.choose_file(app, Dialog::Folder, ("", &[]))
    }
}
