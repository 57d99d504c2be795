//! Exporting from the app's Export menu writes the file calendars read.

use crate::harness::{launch_opening, launch_saving, screenshot_path};

#[tokio::test]
async fn export_menu_writes_the_calendar() {
    let (_db, out, app) = launch_saving().await;
    app.load_demo().await;

    // The whole programme.
    app.click("[data-testid=export-menu]").await;
    app.click("[data-testid=export-go]").await;
    let file = out.path().join("la-metamorphose-reciproque-2022-12-09.ics");
    app.wait_until("the export to be saved", async || {
        Ok(app
            .text("[data-testid=export-result]")
            .await
            .starts_with("Enregistré : "))
    })
    .await;
    app.screenshot(screenshot_path("export_menu")).await;
    let ics = std::fs::read_to_string(&file).expect("the exported file");
    assert!(ics.starts_with("BEGIN:VCALENDAR\r\n"));
    assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), 14);
    assert!(ics.contains("BEGIN:VTIMEZONE\r\nTZID:Europe/Paris\r\n"));
    assert!(ics.contains("DTSTART;TZID=Europe/Paris:20221209T100000\r\n"));
    assert!(ics.contains("SUMMARY:Atelier 4 : Échange avec des fablabs\r\n"));

    // One room.
    app.click("[data-testid=export-room]").await;
    app.choose("[data-testid=export-room-pick]", "Fablab").await;
    app.click("[data-testid=export-go]").await;
    let room = out
        .path()
        .join("la-metamorphose-reciproque-2022-12-09-fablab.ics");
    app.wait_until("the room's calendar", async || Ok(room.exists()))
        .await;
    let ics = std::fs::read_to_string(&room).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), 2);
    assert!(ics.contains("X-WR-CALNAME:La métamorphose réciproque — Fablab\r\n"));

    // One attendee's own day: the common items and her two workshops.
    // Searched by name, not picked in a list of every attendee.
    app.click("[data-testid=export-attendee]").await;
    app.pick_attendee("export-attendee", "besson").await;
    app.wait_until("the attendee shown as chosen", async || {
        Ok(app
            .js("return document.querySelector('[data-testid=export-attendee-search]').value")
            .await
            == "Camille Besson")
    })
    .await;
    app.click("[data-testid=export-go]").await;
    let mine = out
        .path()
        .join("la-metamorphose-reciproque-2022-12-09-camille-besson.ics");
    app.wait_until("the attendee's calendar", async || Ok(mine.exists()))
        .await;
    let ics = std::fs::read_to_string(&mine).unwrap();
    assert_eq!(ics.matches("BEGIN:VEVENT\r\n").count(), 8);
    assert!(ics.contains("X-WR-CALNAME:La métamorphose réciproque — Camille Besson\r\n"));
    assert!(ics.contains("SUMMARY:Atelier 2 : Le festival Numok des bibliothèques de Paris\r\n"));

    // Everyone's own calendar, in one archive.
    app.click("[data-testid=export-personal]").await;
    app.click("[data-testid=export-go]").await;
    let zip = out
        .path()
        .join("la-metamorphose-reciproque-2022-12-09-participants.zip");
    app.wait_until("the archive of calendars", async || Ok(zip.exists()))
        .await;
    let bytes = std::fs::read(&zip).unwrap();
    assert!(bytes.starts_with(b"PK\x03\x04"));
    let names = String::from_utf8_lossy(&bytes);
    assert!(names.contains("participants/camille-besson.ics"));
    assert!(names.contains("intervenants/mathilde-servet.ics"));

    // The schedule for conference apps.
    app.click("[data-testid=export-xml]").await;
    app.click("[data-testid=export-go]").await;
    let xml = out
        .path()
        .join("la-metamorphose-reciproque-2022-12-09-schedule.xml");
    app.wait_until("the schedule", async || Ok(xml.exists()))
        .await;
    let xml = std::fs::read_to_string(&xml).unwrap();
    assert!(xml.contains("<schedule"));
    assert_eq!(xml.matches("<event ").count(), 14);
    assert!(xml.contains("<title>Atelier 4 : Échange avec des fablabs</title>"));

    // The web page, in English: one file for the organisation's website.
    app.click("[data-testid=export-web]").await;
    app.choose("[data-testid=export-web-lang]", "English").await;
    app.click("[data-testid=export-go]").await;
    let page = out
        .path()
        .join("la-metamorphose-reciproque-2022-12-09-web-page.html");
    app.wait_until("the web page", async || Ok(page.exists()))
        .await;
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\""));
    assert!(html.contains("Practical information"));
    assert!(html.contains("Atelier 4 : Échange avec des fablabs"));
    assert!(!html.contains("<script"));
    app.quit().await;
}

/// A conference's schedule as pentabarf published it (FOSDEM 2010: two
/// days, 300 events in 22 rooms, no guids, times as "10:00" under each day)
/// imported from the Export menu into an event on its first day: the day's
/// 124 events, their 18 rooms and 119 speakers; the other day's 176 are
/// counted and the day named, not listed. Six actions: a new event (title,
/// date, create), the menu, the import, and the file (`--open-from` here).
#[tokio::test]
async fn a_conference_schedule_imports_its_day_from_the_export_menu() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/real/fosdem-2010-pentabarf.xml");
    let (_db, app) = launch_opening(&file).await;
    app.create_event("FOSDEM 2010", "06/02/2010", None).await;
    app.click("[data-testid=export-menu]").await;
    app.click("[data-testid=import-xml]").await;
    app.wait_for("[data-testid=import-result]").await;
    assert_eq!(
        app.text("[data-testid=import-result]").await,
        "124 créés, 0 mis à jour, 0 inchangé, 18 salles ajoutées, 119 intervenants ajoutés. \
         Laissés de côté : 176 d’autres jours (dimanche 7 février 2010)."
    );
    // Shown, not only announced: the menu is taller than the window, and
    // the report is at its end.
    app.wait_until("the report in view", async || {
        Ok(app
            .js_text(
                "const r = document.querySelector('[data-testid=import-result]')\
                 .getBoundingClientRect(); return String(r.top >= 0 && r.bottom <= innerHeight)",
            )
            .await
            == "true")
    })
    .await;
    app.screenshot(screenshot_path("import_schedule")).await;
    // The programme shows the day's first talks, at their hours.
    app.click("[data-testid=export-menu]").await;
    app.wait_until("the welcome talk on the timeline", async || {
        Ok(app
            .js_text(
                "return [...document.querySelectorAll('[data-item-id]')]\
                 .map(e => e.textContent).join('|')",
            )
            .await
            .contains("Welcome"))
    })
    .await;
}

/// The JSON form of a schedule, as pretalx exported it (Global Open
/// OnDemand 2025, Boston), from the menu's third import button into an
/// event of its second day. A new event keeps Paris time: the talks read at
/// Paris hours (8h30 in Boston is 13h30), so the day holds 21 of them, and
/// the evening's reception, 23h to 1h in Paris, is left out for ending
/// after midnight, named (Python reads the same on Paris's clock); the
/// report says the file kept Boston's clock.
#[tokio::test]
async fn a_schedule_json_imports_its_day_from_the_export_menu() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/real/pretalx-good-2025-schedule.json");
    let (_db, app) = launch_opening(&file).await;
    app.create_event("GOOD 2025", "18/03/2025", None).await;
    app.click("[data-testid=export-menu]").await;
    app.click("[data-testid=import-json]").await;
    app.wait_for("[data-testid=import-result]").await;
    assert_eq!(
        app.text("[data-testid=import-result]").await,
        "21 créés, 0 mis à jour, 0 inchangé, 5 salles ajoutées, 23 intervenants ajoutés. \
         Laissés de côté : 50 d’autres jours (lundi 17 mars 2025, mercredi 19 mars 2025, \
         jeudi 20 mars 2025) ; « Idea Marketplace and Reception (Hors D'oeuvres) » \
         (finit après minuit). Le fichier donne ses heures à l’heure de US/Eastern : elles \
         ont été converties à celle de l’événement."
    );
}

/// A médiathèque's calendar from Thunderbird whose meetings recur (weekly,
/// monthly on the second Tuesday, every other week three times, an extra
/// date, an exception, a moved occurrence), imported from the menu into an
/// event on one of their Tuesdays: the day's six occurrences are on the
/// timeline at their hours, and the series with none that day are named
/// as such.
#[tokio::test]
async fn a_calendar_of_recurring_meetings_imports_the_days_occurrences() {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/ics/thunderbird-recurring-bourg-2025.ics");
    let (_db, app) = launch_opening(&file).await;
    app.create_event("Journée du réseau", "08/07/2025", None)
        .await;
    app.click("[data-testid=export-menu]").await;
    app.click("[data-testid=import-ics]").await;
    app.wait_for("[data-testid=import-result]").await;
    assert_eq!(
        app.text("[data-testid=import-result]").await,
        "6 créés, 0 mis à jour, 0 inchangé, 5 salles ajoutées. Laissés de côté : « Permanence \
         numérique », « Café des bénévoles », « Atelier tricot » (récurrent, mais pas ce jour-là)."
    );
    app.click("[data-testid=export-menu]").await;
    app.wait_until("the day's occurrences on the timeline", async || {
        let shown = app
            .js_text(
                "return [...document.querySelectorAll('[data-item-id]')]\
                 .map(e => e.textContent).join('|')",
            )
            .await;
        Ok([
            "Comité de pilotage du réseau",
            "Heure du conte",
            "(déplacé après la visite)",
        ]
        .iter()
        .all(|t| shown.contains(t)))
    })
    .await;
    app.screenshot(screenshot_path("import_recurring")).await;
}
