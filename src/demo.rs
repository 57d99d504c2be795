//! The demo programme: the professional day "La métamorphose réciproque"
//! (Numérique en Commun(s), Vaulx-en-Velin, 9 December 2022), entered from
//! `shared/samples/journee-nec-vaulx-en-velin-2022.txt`. Also a test fixture.

use crate::db::Db;
use crate::error::Result;
use crate::model::Id;
use crate::programme_file::ProgrammeFile;

/// The demo as a programme file.
pub const DEMO_JSON: &str = include_str!("demo/nec-vaulx-en-velin-2022.json");

/// The demo, parsed.
pub fn programme_file() -> ProgrammeFile {
    ProgrammeFile::parse(DEMO_JSON).expect("the demo programme is valid JSON")
}

impl Db {
    /// Writes the demo programme as a new event and returns its id.
    pub fn load_demo(&mut self) -> Result<Id> {
        self.import_programme(&programme_file())
    }
}
