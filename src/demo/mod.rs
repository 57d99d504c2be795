//! The demo programme: the professional day "La métamorphose réciproque"
//! (Numérique en Commun(s), Vaulx-en-Velin, 9 December 2022), entered from
//! `shared/samples/journee-nec-vaulx-en-velin-2022.txt`. Also a test fixture.

use crate::db::Db;
use crate::error::Result;
use crate::exchange::programme_file::{write_programme, ProgrammeFile};
use crate::model::{Attendee, ChoiceBlock, Id, ItemKind};
use crate::signups::engine::within as signups;
use rusqlite::Connection;

mod large;
mod prints;
pub use large::LargeDemo;
pub use prints::practice_print;

/// The demo as a programme file.
pub const DEMO_JSON: &str = include_str!("nec-vaulx-en-velin-2022.json");

/// The demo, parsed.
pub fn programme_file() -> ProgrammeFile {
    ProgrammeFile::parse(DEMO_JSON).expect("the demo programme is valid JSON")
}

impl Db {
    /// Writes the demo as a new event and returns its id: the programme,
    /// its four workshops as a block "2 au choix", 60 attendees, their
    /// rankings and an allocation. One undoable step.
    pub fn load_demo(&mut self) -> Result<Id> {
        self.change("demo.load", |tx| {
            let id = write_programme(tx, &programme_file())?;
            populate(tx, id)?;
            Ok(id)
        })
    }
}

/// Invented attendees, from the kinds of organisations the sample names.
/// (name, organisation, category)
const ATTENDEES: [(&str, &str, &str); 60] = [
    (
        "Amandine Rocher",
        "Médiathèque Georges Sand, Villeurbanne",
        "Bibliothécaire",
    ),
    (
        "Bastien Lefort",
        "Fablab La Fabrique d'Objets Libres",
        "Fabmanager",
    ),
    (
        "Camille Besson",
        "Centre social Peyri",
        "Animateur·rice numérique",
    ),
    (
        "Damien Nguyen",
        "Ville de Vaulx-en-Velin",
        "Chargé·e de mission",
    ),
    ("Élodie Carré", "Médiathèque de Bron", "Bibliothécaire"),
    (
        "Fatou Diallo",
        "Centre social Le Grand Vire",
        "Conseiller·ère numérique",
    ),
    ("Gaëlle Ménard", "Métropole de Lyon", "Chef·fe de projet"),
    (
        "Hugo Perrin",
        "Médiathèque Marguerite Yourcenar, Saint-Priest",
        "Médiateur·rice numérique",
    ),
    (
        "Inès Belkacem",
        "Espace public numérique de Vénissieux",
        "Animateur·rice numérique",
    ),
    (
        "Jérôme Faure",
        "Département du Rhône",
        "Chargé·e de mission",
    ),
    ("Karima Ouali", "Centre social Levy", "Direction"),
    (
        "Laurent Giraud",
        "Bibliothèque municipale de Lyon",
        "Bibliothécaire",
    ),
    ("Manon Chevalier", "Fablab de Saint-Fons", "Fabmanager"),
    (
        "Nicolas Robin",
        "Médiathèque de Décines-Charpieu",
        "Médiateur·rice numérique",
    ),
    ("Océane Marchand", "Ville de Villeurbanne", "Élu·e"),
    (
        "Pierre Lemoine",
        "Hub numérique Auvergne-Rhône-Alpes",
        "Coordinateur·rice",
    ),
    (
        "Quentin Arnaud",
        "Centre social Georges Lévy",
        "Animateur·rice numérique",
    ),
    (
        "Rachida Benali",
        "Médiathèque Léonard de Vinci, Vaulx-en-Velin",
        "Bibliothécaire",
    ),
    (
        "Sophie Vidal",
        "Région Auvergne-Rhône-Alpes",
        "Chargé·e de mission",
    ),
    ("Thomas Fabre", "Tiers-lieu La Myne", "Fabmanager"),
    (
        "Ulysse Garnier",
        "Médiathèque de Rillieux-la-Pape",
        "Médiateur·rice numérique",
    ),
    (
        "Valérie Colin",
        "Centre social de Bron Terraillon",
        "Conseiller·ère numérique",
    ),
    ("William Royer", "Ville de Vénissieux", "Élu·e"),
    (
        "Yasmine Haddad",
        "Médiathèque Lucie Aubrac, Vénissieux",
        "Bibliothécaire",
    ),
    (
        "Zoé Lambert",
        "Fablab Lyon Open Lab",
        "Animateur·rice numérique",
    ),
    (
        "Adrien Masson",
        "Bibliothèque départementale du Rhône",
        "Bibliothécaire",
    ),
    (
        "Bérénice Roux",
        "Centre social Charpennes-Tonkin",
        "Animateur·rice numérique",
    ),
    (
        "Cédric Blanchard",
        "Métropole de Lyon",
        "Chargé·e de mission",
    ),
    (
        "Delphine Aubert",
        "Médiathèque de Meyzieu",
        "Médiateur·rice numérique",
    ),
    (
        "Émile Bertin",
        "Tiers-lieu Le Bistrot des Pentes",
        "Coordinateur·rice",
    ),
    ("Florence Picard", "Ville de Bron", "Élu·e"),
    (
        "Grégoire Hamon",
        "Espace numérique de Givors",
        "Conseiller·ère numérique",
    ),
    (
        "Hélène Dupuis",
        "Médiathèque Jean Prévost, Bron",
        "Bibliothécaire",
    ),
    (
        "Ibrahim Sow",
        "Centre social Mas du Taureau",
        "Animateur·rice numérique",
    ),
    ("Julie Fontaine", "Fablab La Casemate", "Fabmanager"),
    (
        "Kevin Mercier",
        "Ville de Rillieux-la-Pape",
        "Chargé·e de mission",
    ),
    (
        "Léa Martin",
        "Centre social Peyri",
        "Conseiller·ère numérique",
    ),
    (
        "Mathieu Caron",
        "Médiathèque de Oullins",
        "Médiateur·rice numérique",
    ),
    (
        "Nadia Kaci",
        "Médiathèque du Bachut, Lyon 8e",
        "Bibliothécaire",
    ),
    (
        "Olivier Renaud",
        "Préfecture du Rhône",
        "Chargé·e de mission",
    ),
    (
        "Pauline Guérin",
        "Tiers-lieu Locaux Motiv'",
        "Coordinateur·rice",
    ),
    ("Rémi Bonnet", "Médiathèque de Caluire", "Bibliothécaire"),
    (
        "Sabrina Tessier",
        "Centre social de la Duchère",
        "Animateur·rice numérique",
    ),
    ("Théo Morel", "Fablab de Vaulx-en-Velin", "Fabmanager"),
    ("Victor Leclerc", "Ville de Saint-Priest", "Élu·e"),
    (
        "Aïcha Traoré",
        "Espace public numérique de Vaulx-en-Velin",
        "Conseiller·ère numérique",
    ),
    (
        "Benoît Charpentier",
        "Médiathèque de Tassin",
        "Médiateur·rice numérique",
    ),
    (
        "Clémence Huet",
        "Bibliothèque municipale de Lyon",
        "Bibliothécaire",
    ),
    ("David Schmitt", "Métropole de Lyon", "Chef·fe de projet"),
    ("Estelle Poulain", "Centre social Croix-Luizet", "Direction"),
    (
        "François Gauthier",
        "Département du Rhône",
        "Chargé·e de mission",
    ),
    (
        "Gwenaëlle Le Gall",
        "Médiathèque de Villefranche",
        "Bibliothécaire",
    ),
    (
        "Hamid Zerrouki",
        "Centre social Grand Vire",
        "Animateur·rice numérique",
    ),
    ("Isabelle Rey", "Ville de Vaulx-en-Velin", "Élu·e"),
    (
        "Julien Barbier",
        "Tiers-lieu La Cordée",
        "Coordinateur·rice",
    ),
    (
        "Laure Vincent",
        "Médiathèque de Saint-Genis-Laval",
        "Médiateur·rice numérique",
    ),
    ("Marc Antoine", "Fablab de la Croix-Rousse", "Fabmanager"),
    (
        "Noémie Collet",
        "Centre social Saint-Jean",
        "Conseiller·ère numérique",
    ),
    ("Patrick Durand", "Médiathèque de Givors", "Bibliothécaire"),
    (
        "Samia Lounis",
        "Espace numérique de Décines",
        "Animateur·rice numérique",
    ),
];

/// The e-mail an invented attendee gets: "prenom.nom@example.org" in ASCII.
fn demo_email(name: &str) -> String {
    let ascii: String = crate::words::fold(name, crate::words::Reach::French)
        .chars()
        .map(|c| match c {
            ' ' => '.',
            c => c,
        })
        .filter(|c| c.is_ascii_alphanumeric() || *c == '.' || *c == '-')
        .collect();
    format!("{ascii}@example.org")
}

/// Adds the attendees, the workshops' choice block, everyone's ranking and
/// an allocation to the demo event.
fn populate(tx: &Connection, event_id: Id) -> Result<()> {
    let items = crate::programme::store::within::items(tx, event_id)?;
    let workshop_items: Vec<Id> = items
        .iter()
        .filter(|i| i.kind == ItemKind::Workshop)
        .filter_map(|i| i.id)
        .collect();
    let block_id = signups::make_block(
        tx,
        &ChoiceBlock {
            id: None,
            event_id,
            name: "Ateliers d'échanges (2 au choix)".into(),
            min_choices: 1,
            max_choices: 2,
        },
        &workshop_items,
    )?;
    let workshops: Vec<Id> = crate::signups::engine::list_workshops(tx, event_id)?
        .into_iter()
        .map(|w| w.id)
        .collect();
    // Deterministic rankings: a small linear congruential generator, with
    // the festival workshop (index 1) and the fablab (3) more wanted.
    let mut state: u64 = 20221209;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as usize
    };
    let weights = [2, 9, 2, 6];
    for (n, (name, organisation, category)) in ATTENDEES.iter().enumerate() {
        let attendee_id = crate::signups::attendees::within::save(
            tx,
            &Attendee {
                id: None,
                event_id,
                name: (*name).into(),
                email: demo_email(name),
                organisation: (*organisation).into(),
                category: (*category).into(),
                notes: String::new(),
                registered_at: None,
            },
        )?;
        // Six people registered without ranking: they sign up on the day.
        if n % 10 == 9 {
            continue;
        }
        let mut left: Vec<usize> = (0..workshops.len()).collect();
        let mut ranking = Vec::new();
        let wanted = 2 + next() % 3; // 2 to 4 workshops ranked
        while ranking.len() < wanted.min(workshops.len()) {
            let total: usize = left.iter().map(|&w| weights[w % weights.len()]).sum();
            let mut pick = next() % total;
            let pos = left
                .iter()
                .position(|&w| {
                    let weight = weights[w % weights.len()];
                    if pick < weight {
                        true
                    } else {
                        pick -= weight;
                        false
                    }
                })
                .expect("the pick falls within the total");
            ranking.push(workshops[left.remove(pos)]);
        }
        signups::set_ranking(tx, attendee_id, block_id, &ranking)?;
    }
    crate::signups::allocation::apply_within(tx, block_id)?;
    Ok(())
}
