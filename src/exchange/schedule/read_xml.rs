//! The XML of a conference's schedule walked into [`RawEvent`]s: as frab,
//! pretalx, wafer and the CCC's hub write it, and as pentabarf did
//! (FOSDEM): events in `<room name>` under each `<day>`, or right under the
//! `<day>` with a `<room>` of their own.

use super::read::{Conference, Day, Field, RawEvent, Read, Reading, Syntax, WholeVenue};
use crate::error::{Error, Result};
use crate::model::Event;
use roxmltree::{Document, Node};

/// Where each line of the file starts, to name the line of a node: found
/// once, then by binary search (roxmltree's `text_pos_at` counts from the
/// start of the file at each call, which made naming the line of each of
/// 5,000 events quadratic).
pub(super) struct Lines(pub(super) Vec<usize>);

impl Lines {
    pub(super) fn of(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Lines(starts)
    }
}

pub(super) fn line_of(lines: &Lines, node: Node<'_, '_>) -> u32 {
    let at = node.range().start;
    lines.0.partition_point(|start| *start <= at) as u32
}

/// All the text inside `node` (entities and CDATA resolved).
fn text_of(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(|n| n.is_text())
        .filter_map(|n| n.text())
        .collect()
}

fn children<'a, 'input>(
    node: Node<'a, 'input>,
    name: &'static str,
) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children()
        .filter(move |n| n.is_element() && n.tag_name().name() == name)
}

fn child<'a, 'input>(node: Node<'a, 'input>, name: &'static str) -> Option<Node<'a, 'input>> {
    children(node, name).next()
}

/// How deep elements may nest. A schedule.xml goes six deep (schedule, day,
/// room, event, persons, person); the limit keeps a crafted file of
/// thousands of nested elements out.
pub const MAX_NESTING: usize = 32;

/// Refuses a document whose elements nest deeper than [`MAX_NESTING`]
/// (`file`, `too_deep`), naming the line of the first element too deep.
fn check_nesting(doc: &Document<'_>, lines: &Lines) -> Result<()> {
    // Nodes come in document order, a parent before its children: each
    // element's depth is its parent's plus one, in one pass.
    let mut depths: Vec<u32> = Vec::new();
    for n in doc.root().descendants() {
        let depth = match n.parent() {
            Some(p) => depths[p.id().get_usize()] + u32::from(n.is_element()),
            None => 0,
        };
        depths.push(depth);
        debug_assert_eq!(depths.len(), n.id().get_usize() + 1);
        if depth as usize > MAX_NESTING {
            return Err(Error::invalid(
                "file",
                "too_deep",
                format!(
                    "line {}: <{}> nests elements more than {MAX_NESTING} deep; \
                     a schedule nests them six deep",
                    line_of(lines, n),
                    n.tag_name().name()
                ),
            ));
        }
    }
    Ok(())
}

/// Reads and checks every `<event>` of the file against `event` (its day and
/// zone): those of its day to import, the others left out with the reason.
/// `whole_venue` tells which room names stand for the whole venue (given
/// the `<room>`'s guid when it has one).
pub(super) fn read(xml: &str, event: &Event, whole_venue: WholeVenue<'_>) -> Result<Read> {
    let doc = Document::parse(xml)
        .map_err(|e| Error::invalid("file", "bad_xml", format!("line {}: {e}", e.pos().row)))?;
    let lines = Lines::of(xml);
    check_nesting(&doc, &lines)?;
    let root = doc.root_element();
    if root.tag_name().name() != "schedule" {
        return Err(Error::invalid(
            "file",
            "not_schedule",
            format!(
                "line {}: the file's root element is <{}>, not the <schedule> of a \
                 frab/c3voc schedule.xml",
                line_of(&lines, root),
                root.tag_name().name()
            ),
        ));
    }
    if child(root, "day").is_none() {
        return Err(super::read::bad(
            line_of(&lines, root),
            "the <schedule> has no <day>",
        ));
    }
    let (mut cx, tz) = Reading::new(Syntax::Xml, event)?;
    let conference = child(root, "conference");
    cx.conference = Conference::new(
        |name: &str| {
            conference
                .and_then(|c| {
                    c.children()
                        .find(|n| n.is_element() && n.tag_name().name() == name)
                })
                .map(text_of)
        },
        tz,
    );
    let mut entries = Vec::new();
    // `room`: the room of the <room> the event is in (none: the whole
    // venue); not given, the event's own <room>.
    let mut read_one = |node: Node<'_, '_>, day: &Day, room: Option<&Option<String>>| {
        let line = line_of(&lines, node);
        let room = match room {
            Some(room) => room.clone(),
            None => {
                let name = child(node, "room")
                    .map(|r| text_of(r).trim().to_owned())
                    .filter(|name| !name.is_empty())
                    .ok_or_else(|| super::read::bad(line, "the <event> is in no <room>"))?;
                (!whole_venue(&name, None)).then_some(name)
            }
        };
        entries.push(cx.event(raw_event(&lines, node, room), day)?);
        Ok::<(), Error>(())
    };
    for day_node in children(root, "day") {
        let day = Day {
            line: line_of(&lines, day_node),
            date: day_node.attribute("date").map(str::to_owned),
        };
        for room in children(day_node, "room") {
            let room_line = line_of(&lines, room);
            let events: Vec<_> = children(room, "event").collect();
            match room
                .attribute("name")
                .map(str::trim)
                .filter(|n| !n.is_empty())
            {
                Some(name) => {
                    let name =
                        (!whole_venue(name, room.attribute("guid"))).then(|| name.to_owned());
                    for node in events {
                        read_one(node, &day, Some(&name))?;
                    }
                }
                // A room without a name: its events' own <room>, when
                // they all say one.
                None if !events.is_empty()
                    && events.iter().all(|e| {
                        child(*e, "room").is_some_and(|r| !text_of(r).trim().is_empty())
                    }) =>
                {
                    for node in events {
                        read_one(node, &day, None)?;
                    }
                }
                None => return Err(super::read::bad(room_line, "<room> has no name")),
            }
        }
        for node in children(day_node, "event") {
            read_one(node, &day, None)?;
        }
    }
    Ok(cx.finish(entries))
}

/// An `<event>` as the file gives it.
fn raw_event(lines: &Lines, node: Node<'_, '_>, room: Option<String>) -> RawEvent {
    let field = |name| -> Field { child(node, name).map(|n| (text_of(n), line_of(lines, n))) };
    let line = line_of(lines, node);
    let attribute = |name| node.attribute(name).map(|v| (v.to_owned(), line));
    let text = |name| child(node, name).map(text_of).unwrap_or_default();
    let persons = child(node, "persons")
        .map(|list| {
            children(list, "person")
                .map(|person| {
                    let id = person.attribute("id").and_then(|i| i.trim().parse().ok());
                    (id, text_of(person), line_of(lines, person))
                })
                .collect()
        })
        .unwrap_or_default();
    RawEvent {
        line,
        guid: attribute("guid"),
        id: attribute("id"),
        title: field("title"),
        date: field("date"),
        start: field("start"),
        duration: field("duration"),
        room,
        subtitle: text("subtitle"),
        kind: text("type"),
        track: text("track"),
        abstract_: text("abstract"),
        description: text("description"),
        persons,
    }
}
