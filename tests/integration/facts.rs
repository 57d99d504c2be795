//! Facts are never invented: what the organiser did not state (the price,
//! the registration) is not printed, and a venue without a street is not
//! passed off as an address.

use crate::running::morning;
use deroule::model::{Admission, Registration};
use deroule::print::{Document, PrintOptions};

/// The programme's practical facts, as "label: value" lines.
fn facts(db: &deroule::Db, event: i64) -> Vec<String> {
    let html = db
        .print(event, Document::Programme, &PrintOptions::default())
        .unwrap()
        .html;
    let list = &html[html.find("<dl class=\"facts\">").unwrap()..];
    let list = &list[..list.find("</dl>").unwrap()];
    list.split("<dt>")
        .skip(1)
        .map(|f| {
            let (label, value) = f.split_once("</dt>").unwrap();
            let value = value
                .replace("<dd>", "")
                .replace("</dd>", "")
                .replace("<br>", " / ");
            format!("{label}: {}", value.trim())
        })
        .collect()
}

#[test]
fn what_was_not_stated_is_not_printed() {
    let (mut db, event) = morning();
    let e = db.event(event).unwrap();
    assert_eq!(e.practical.admission, Admission::Unstated);
    assert_eq!(e.practical.registration, Registration::Unstated);
    // No street: the venue is under "Lieu", and nothing about the price or
    // the registration.
    assert_eq!(
        facts(&db, event),
        [
            "Lieu: Auditorium du Musée dauphinois, Grenoble",
            "Organisation: Médiathèque départementale de l&#39;Isère"
        ]
    );

    // Stated: free, open to all; then a street.
    let mut e = db.event(event).unwrap();
    e.practical.admission = Admission::Free;
    e.practical.registration = Registration::Open;
    db.update_event(&e).unwrap();
    let mut venue = db.programme(event).unwrap().venue;
    venue.street = "30 rue Maurice Gignoux".into();
    venue.postcode = "38000".into();
    db.save_venue(event, &venue).unwrap();
    let now = facts(&db, event);
    assert_eq!(
        now[..3],
        [
            "Adresse: Auditorium du Musée dauphinois / 30 rue Maurice Gignoux, 38000 Grenoble",
            "Entrée: Gratuit",
            "Inscription: Entrée libre, sans inscription",
        ]
    );

    // Paid with a price; registration required before a date.
    e.practical.admission = Admission::Paid;
    e.practical.price = "12 €, 6 € tarif réduit".into();
    e.practical.registration = Registration::Required;
    e.practical.registration_deadline = chrono::NaiveDate::from_ymd_opt(2026, 3, 10);
    db.update_event(&e).unwrap();
    let now = facts(&db, event);
    assert_eq!(
        now[1..3],
        [
            "Entrée: 12 €, 6 € tarif réduit",
            "Inscription: Obligatoire avant le mardi 10 mars 2026",
        ]
    );
}

/// A part's heading is never left alone at the foot of a page, and a run of
/// items of one kind in a part says its kind once.
#[test]
fn part_headings_keep_with_their_first_item_and_kinds_are_not_repeated() {
    let (mut db, event) = morning();
    let base = db.programme(event).unwrap().items[1].clone();
    // Many short parts of varied lengths, so that headings fall at every
    // height of the page.
    for n in 0..36i64 {
        let start = base.starts_at + chrono::Duration::minutes(90 + n * 5);
        db.save_item(&deroule::model::Item {
            id: None,
            uid: String::new(),
            starts_at: start,
            ends_at: start + chrono::Duration::minutes(5),
            title: format!("Séance {n:02}"),
            part_label: format!("Partie {n:02} : étape du parcours"),
            description: "Une présentation de l'étape et de ses acteurs. "
                .repeat((n as usize * 7) % 9),
            speakers: Vec::new(),
            ..base.clone()
        })
        .unwrap();
    }
    let html = db
        .print(event, Document::Programme, &PrintOptions::default())
        .unwrap()
        .html;
    // The four dated chapters of part 1 are plenaries: "Plénière" once.
    let part1 = &html[html.find("Partie 1 :").unwrap()..html.find("Partie 2 :").unwrap()];
    assert_eq!(part1.matches("<p class=\"kind\">").count(), 1, "{part1}");

    let pdf = crate::print::Pdf::of(&html);
    let pages = pdf.pages();
    assert!(pages >= 3, "{pages} pages: too few to test page feet");
    let mut found = 0;
    for page in 1..=pages {
        let text = pdf.page_text(page);
        for n in 0..36 {
            let heading = format!("Partie {n:02} : étape du parcours");
            if text.contains(&heading) {
                found += 1;
                assert!(
                    text.contains(&format!("Séance {n:02}")),
                    "page {page} holds « {heading} » without its first item"
                );
            }
        }
    }
    let missing: Vec<i64> = (0..36)
        .filter(|n| {
            !pdf.text()
                .contains(&format!("Partie {n:02} : étape du parcours"))
        })
        .collect();
    assert_eq!(found, 36, "headings not found: {missing:?}\n{}", pdf.text());
}
