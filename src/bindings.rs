//! TypeScript types for the UI, generated from the Rust types that cross IPC.
//! The generated file is committed (`ui/src/lib/bindings.ts`); a test fails
//! when it is stale, and `UPDATE_BINDINGS=1 cargo test` rewrites it.

use crate::error::{Error, ErrorCode};
use crate::exchange::schedule::ImportSummary;
use crate::model::*;
use ts_rs::{Config, TS};

/// Where the generated file lives, relative to the workspace root.
pub const PATH: &str = "ui/src/lib/bindings.ts";

fn decl<T: TS>(cfg: &Config) -> String {
    format!("export {}", T::decl(cfg))
}

/// The whole generated file.
pub fn typescript() -> String {
    // Ids and counts stay far below 2^53: plain numbers in JSON.
    let cfg = Config::default().with_large_int("number");
    let decls = [
        decl::<Event>(&cfg),
        decl::<Practical>(&cfg),
        decl::<EventStatus>(&cfg),
        decl::<EventSummary>(&cfg),
        decl::<Venue>(&cfg),
        decl::<Room>(&cfg),
        decl::<ItemKind>(&cfg),
        decl::<Item>(&cfg),
        decl::<ItemSpeaker>(&cfg),
        decl::<SpeakerRole>(&cfg),
        decl::<Speaker>(&cfg),
        decl::<Programme>(&cfg),
        decl::<Attendee>(&cfg),
        decl::<ChoiceBlock>(&cfg),
        decl::<Workshop>(&cfg),
        decl::<SignupStatus>(&cfg),
        decl::<SignupSource>(&cfg),
        decl::<Signup>(&cfg),
        decl::<Promotion>(&cfg),
        decl::<ItemFill>(&cfg),
        decl::<Registrations>(&cfg),
        decl::<crate::signups::personal::PersonalStatus>(&cfg),
        decl::<crate::signups::personal::PersonalLine>(&cfg),
        decl::<crate::signups::personal::Obstacle>(&cfg),
        decl::<crate::signups::personal::ItemOption>(&cfg),
        decl::<crate::signups::personal::SignupMoves>(&cfg),
        decl::<crate::signups::personal::AttendeeDay>(&cfg),
        decl::<crate::signups::allocation::AllocationReport>(&cfg),
        decl::<crate::signups::allocation::AllocationShortfall>(&cfg),
        decl::<crate::signups::allocation::AllocationFill>(&cfg),
        decl::<Warning>(&cfg),
        decl::<HistoryState>(&cfg),
        decl::<crate::exchange::ics::Selection>(&cfg),
        decl::<crate::exchange::ExportFormat>(&cfg),
        decl::<crate::exchange::ImportFormat>(&cfg),
        decl::<crate::exchange::ImportReport>(&cfg),
        decl::<crate::exchange::ImportSkipped>(&cfg),
        decl::<crate::print::Document>(&cfg),
        decl::<crate::words::Lang>(&cfg),
        decl::<crate::print::PrintOptions>(&cfg),
        decl::<crate::print::PrintFile>(&cfg),
        decl::<ImportSummary>(&cfg),
        decl::<IcsImportSummary>(&cfg),
        decl::<IcsSkipped>(&cfg),
        decl::<IcsSkipReason>(&cfg),
        decl::<crate::signups::csv::CsvEncoding>(&cfg),
        decl::<crate::signups::csv::CsvMapping>(&cfg),
        decl::<crate::signups::csv::CsvRowAction>(&cfg),
        decl::<crate::signups::csv::CsvRow>(&cfg),
        decl::<crate::signups::csv::CsvRowError>(&cfg),
        decl::<crate::signups::csv::CsvUpdate>(&cfg),
        decl::<crate::signups::csv::CsvDuplicate>(&cfg),
        decl::<crate::signups::csv::CsvPreview>(&cfg),
        decl::<crate::signups::csv::CsvImportReport>(&cfg),
        decl::<crate::signups::csv::CsvPick>(&cfg),
        decl::<Error>(&cfg),
        decl::<ErrorCode>(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types of the `deroule` crate by `src/bindings.rs`.\n\
         // Do not edit: run `UPDATE_BINDINGS=1 cargo test -p deroule bindings` instead.\n\n",
    );
    for d in decls {
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out.push_str(&format!(
        "export const ITEM_KINDS: ItemKind[] = [{}];\n\nexport const SPEAKER_ROLES: SpeakerRole[] = [{}];\n",
        ItemKind::ALL.map(|k| format!("\"{}\"", k.as_str())).join(", "),
        SpeakerRole::ALL.map(|k| format!("\"{}\"", k.as_str())).join(", "),
    ));
    out
}
