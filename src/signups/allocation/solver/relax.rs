//! The two min-cost flow relaxations of a node (one drops "one seat per
//! round", the other "no workshop twice"), and the min-cost flow itself:
//! primal-dual, Dijkstra with potentials and blocking flows.

use super::branch::{BranchAndBound, Raw, Triple};
use super::problem::Value;
use std::collections::{HashMap, HashSet, VecDeque};

impl BranchAndBound<'_> {
    /// The relaxation without "one seat per round": its optimal value (an
    /// upper bound) and seats.
    pub(super) fn relax(&self, forbidden: &HashSet<Triple>) -> (Value, Raw) {
        let p = self.p;
        let nw = p.workshops.len();
        let na = p.attendees.len();
        // Nodes: source, sink, attendees, occurrences (w * R + r), then
        // (attendee, workshop) nodes.
        let source = 0;
        let sink = 1;
        let att = |a: usize| 2 + a;
        let occ = |w: usize, r: usize| 2 + na + w * p.rounds + r;
        let mut g = Graph::new(2 + na + nw * p.rounds);
        for w in 0..nw {
            for r in 0..p.rounds {
                if let Some(cap) = self.occ[w][r] {
                    g.arc(occ(w, r), sink, cap as i64, 0);
                }
            }
        }
        // Arcs (a,w) → (w,r), to read the seats back: (arc id, a, w, r, rank).
        let mut seat_arcs = Vec::new();
        let mut caps = OrganisationCaps::new(self);
        for a in 0..na {
            let most = p.most_seats(a) as i64;
            if most == 0 {
                continue;
            }
            g.arc(source, att(a), 1, -self.first_bonus(a));
            if most > 1 {
                g.arc(source, att(a), most - 1, 0);
            }
            for (pos, &w) in p.attendees[a].ranking.iter().enumerate() {
                let node = g.node();
                g.arc(
                    att(a),
                    node,
                    1,
                    -(self.w.big2 + self.w.k - 1 - pos as Value),
                );
                for r in 0..p.rounds {
                    if self.occ[w][r].is_some_and(|c| c > 0) && !forbidden.contains(&(a, w, r)) {
                        let to = caps.entry(&mut g, a, occ(w, r), (w, r));
                        let id = g.arc(node, to, 1, -self.kept_bonus(a, w, r));
                        seat_arcs.push((id, a, w, r, pos + 1));
                    }
                }
            }
        }
        let cost = g.min_cost_flow(source, sink);
        let mut raw: Raw = vec![Vec::new(); na];
        for (id, a, w, r, rank) in seat_arcs {
            if g.flow(id) > 0 {
                raw[a].push((w, r, rank));
            }
        }
        (-cost, raw)
    }

    /// The value of the relaxation without "no workshop twice": source →
    /// attendee (as in [`Self::relax`]) → (attendee, round), capacity 1 →
    /// occurrence, cost of the rank → sink.
    pub(super) fn relax_rounds(&self, forbidden: &HashSet<Triple>) -> Value {
        let p = self.p;
        let na = p.attendees.len();
        let (source, sink) = (0, 1);
        let att = |a: usize| 2 + a;
        let occ = |w: usize, r: usize| 2 + na + w * p.rounds + r;
        let mut g = Graph::new(2 + na + p.workshops.len() * p.rounds);
        let mut caps = OrganisationCaps::new(self);
        for (w, row) in self.occ.iter().enumerate() {
            for (r, cap) in row.iter().enumerate() {
                if let Some(cap) = cap {
                    g.arc(occ(w, r), sink, *cap as i64, 0);
                }
            }
        }
        for a in 0..na {
            let most = p.most_seats(a) as i64;
            if most == 0 {
                continue;
            }
            g.arc(source, att(a), 1, -self.first_bonus(a));
            if most > 1 {
                g.arc(source, att(a), most - 1, 0);
            }
            for r in 0..p.rounds {
                let node = g.node();
                g.arc(att(a), node, 1, 0);
                for (pos, &w) in p.attendees[a].ranking.iter().enumerate() {
                    if self.occ[w][r].is_some_and(|c| c > 0) && !forbidden.contains(&(a, w, r)) {
                        let to = caps.entry(&mut g, a, occ(w, r), (w, r));
                        g.arc(node, to, 1, -self.seat_value(a, w, r, pos + 1));
                    }
                }
            }
        }
        -g.min_cost_flow(source, sink)
    }
}

/// The nodes `(w, r, organisation)` between an attendee's seat arcs and
/// occurrence `(w, r)`, made on first use, whose arc to the occurrence has
/// the organisation cap as capacity: every feasible allocation is still a
/// flow, so the relaxations stay upper bounds.
struct OrganisationCaps<'b, 'p> {
    b: &'b BranchAndBound<'p>,
    nodes: HashMap<Triple, usize>,
}

impl<'b, 'p> OrganisationCaps<'b, 'p> {
    fn new(b: &'b BranchAndBound<'p>) -> Self {
        Self {
            b,
            nodes: HashMap::new(),
        }
    }

    /// Where attendee `a`'s seat arc into occurrence node `occ` = `(w, r)`
    /// goes: the occurrence itself, or their organisation's node there.
    fn entry(&mut self, g: &mut Graph, a: usize, occ: usize, (w, r): (usize, usize)) -> usize {
        let (Some(o), Some(cap)) = (self.b.p.capped_organisation(a), self.b.p.organisation_cap)
        else {
            return occ;
        };
        *self.nodes.entry((w, r, o)).or_insert_with(|| {
            let node = g.node();
            g.arc(node, occ, i64::from(cap), 0);
            node
        })
    }
}

/// A residual graph for min-cost flow; arcs come in pairs (forward at even
/// ids, its reverse at the next odd id).
pub(super) struct Graph {
    pub(super) head: Vec<Vec<usize>>,
    to: Vec<usize>,
    cap: Vec<i64>,
    cost: Vec<Value>,
}

impl Graph {
    /// Whether arcs with lower bounds (moved to `excess`, per node) admit a
    /// feasible flow from `s` to `t`: with an arc `t → s`, a maximum flow from
    /// the auxiliary source `s2` to the auxiliary sink `t2` must saturate the
    /// excesses. The flow found is kept in the arcs.
    pub(super) fn meets_lower_bounds(
        &mut self,
        (s, t): (usize, usize),
        (s2, t2): (usize, usize),
        excess: &[i64],
    ) -> bool {
        let (_, need) = self.lower_bound_arcs((s, t), (s2, t2), excess, 0);
        let zero: Vec<Value> = vec![0; self.head.len()];
        self.blocking_flows(s2, t2, &zero) >= need
    }

    /// The arcs that turn lower bounds into a flow from `s2` to `t2`: `t → s`
    /// unbounded, `s2 → v` for each positive excess (at `feed_cost` a unit)
    /// and `v → t2` for each negative one. The feeding arcs' ids, and the
    /// sum of the positive excesses.
    fn lower_bound_arcs(
        &mut self,
        (s, t): (usize, usize),
        (s2, t2): (usize, usize),
        excess: &[i64],
        feed_cost: Value,
    ) -> (Vec<usize>, i64) {
        self.arc(t, s, i64::MAX / 4, 0);
        let mut need = 0;
        let mut feeding = Vec::new();
        for (v, &e) in excess.iter().enumerate() {
            if e > 0 {
                feeding.push(self.arc(s2, v, e, feed_cost));
                need += e;
            } else if e < 0 {
                self.arc(v, t2, -e, 0);
            }
        }
        (feeding, need)
    }

    /// Among the flows meeting the lower bounds (as
    /// [`Self::meets_lower_bounds`]), one of least cost (the arcs' costs,
    /// none negative); whether there is one. The flow found is kept in the
    /// arcs.
    pub(super) fn cheapest_within_lower_bounds(
        &mut self,
        (s, t): (usize, usize),
        (s2, t2): (usize, usize),
        excess: &[i64],
    ) -> bool {
        // Every unit of an excess is worth more than any path's cost, so
        // the cheapest flow first meets them all, if it can.
        let most: Value = self.cost.iter().filter(|&&c| c > 0).sum();
        let (feeding, need) = self.lower_bound_arcs((s, t), (s2, t2), excess, -(most + 1));
        self.min_cost_flow(s2, t2);
        feeding.iter().map(|&id| self.flow(id)).sum::<i64>() >= need
    }

    /// Sets the cost of forward arc `id` (and its reverse).
    pub(super) fn set_cost(&mut self, id: usize, cost: Value) {
        self.cost[id] = cost;
        self.cost[id + 1] = -cost;
    }

    pub(super) fn new(nodes: usize) -> Self {
        Self {
            head: vec![Vec::new(); nodes],
            to: Vec::new(),
            cap: Vec::new(),
            cost: Vec::new(),
        }
    }

    pub(super) fn node(&mut self) -> usize {
        self.head.push(Vec::new());
        self.head.len() - 1
    }

    pub(super) fn arc(&mut self, from: usize, to: usize, cap: i64, cost: Value) -> usize {
        let id = self.to.len();
        self.head[from].push(id);
        self.to.push(to);
        self.cap.push(cap);
        self.cost.push(cost);
        self.head[to].push(id + 1);
        self.to.push(from);
        self.cap.push(0);
        self.cost.push(-cost);
        id
    }

    /// Flow on a forward arc: the residual capacity of its reverse.
    pub(super) fn flow(&self, id: usize) -> i64 {
        self.cap[id + 1]
    }

    /// Shortest distances from `s` over arcs with residual capacity, by
    /// Bellman-Ford with a queue (costs may be negative; no negative cycle).
    fn bellman_ford(&self, s: usize) -> Vec<Value> {
        let n = self.head.len();
        let mut dist = vec![Value::MAX; n];
        let mut queued = vec![false; n];
        let mut queue = VecDeque::new();
        dist[s] = 0;
        queue.push_back(s);
        while let Some(u) = queue.pop_front() {
            queued[u] = false;
            for &e in &self.head[u] {
                if self.cap[e] > 0 {
                    let v = self.to[e];
                    let d = dist[u] + self.cost[e];
                    if d < dist[v] {
                        dist[v] = d;
                        if !queued[v] {
                            queued[v] = true;
                            queue.push_back(v);
                        }
                    }
                }
            }
        }
        dist
    }

    /// Minimum-cost flow of any size (augmenting while the cheapest path
    /// has negative cost); returns its cost.
    ///
    /// Primal-dual: potentials `pi` keep reduced costs `cost + pi[u] -
    /// pi[v]` non-negative; each phase finds shortest distances with
    /// Dijkstra, updates the potentials, then saturates every cheapest path
    /// at once with a blocking flow (Dinic) on the arcs of zero reduced
    /// cost. Path costs take few distinct values here (ranks), so there are
    /// few phases. Starting potentials come from one Bellman-Ford.
    fn min_cost_flow(&mut self, s: usize, t: usize) -> Value {
        const INF: Value = Value::MAX / 4;
        let n = self.head.len();
        let mut pi: Vec<Value> = self
            .bellman_ford(s)
            .into_iter()
            .map(|d| if d == Value::MAX { INF } else { d })
            .collect();
        if pi[t] >= INF {
            return 0;
        }
        let mut total = 0;
        loop {
            // Dijkstra on reduced costs.
            let mut dist = vec![INF; n];
            let mut heap = std::collections::BinaryHeap::new();
            dist[s] = 0;
            heap.push(std::cmp::Reverse((0 as Value, s)));
            while let Some(std::cmp::Reverse((d, u))) = heap.pop() {
                if d > dist[u] {
                    continue;
                }
                for &e in &self.head[u] {
                    if self.cap[e] > 0 {
                        let v = self.to[e];
                        if pi[v] >= INF {
                            continue;
                        }
                        let nd = d + self.cost[e] + pi[u] - pi[v];
                        if nd < dist[v] {
                            dist[v] = nd;
                            heap.push(std::cmp::Reverse((nd, v)));
                        }
                    }
                }
            }
            if dist[t] >= INF {
                return total;
            }
            // Capping at dist[t] keeps every reduced cost non-negative.
            let cap_at = dist[t];
            for v in 0..n {
                if pi[v] < INF {
                    pi[v] += dist[v].min(cap_at);
                }
            }
            let path_cost = pi[t] - pi[s];
            if path_cost >= 0 {
                return total;
            }
            total += path_cost * Value::from(self.blocking_flows(s, t, &pi));
        }
    }

    /// Pushes as much flow as possible from `s` to `t` along arcs of zero
    /// reduced cost (Dinic: levels by breadth-first search, then paths
    /// along increasing levels, iteratively). Returns the flow pushed.
    pub(super) fn blocking_flows(&mut self, s: usize, t: usize, pi: &[Value]) -> i64 {
        let n = self.head.len();
        let admissible =
            |g: &Graph, e: usize, u: usize| g.cap[e] > 0 && g.cost[e] + pi[u] - pi[g.to[e]] == 0;
        let mut pushed = 0;
        loop {
            let mut level = vec![u32::MAX; n];
            level[s] = 0;
            let mut queue = VecDeque::from([s]);
            while let Some(u) = queue.pop_front() {
                for &e in &self.head[u] {
                    let v = self.to[e];
                    if level[v] == u32::MAX && admissible(self, e, u) {
                        level[v] = level[u] + 1;
                        queue.push_back(v);
                    }
                }
            }
            if level[t] == u32::MAX {
                return pushed;
            }
            let mut next = vec![0usize; n];
            loop {
                // One path s → t along increasing levels, by an explicit
                // stack of arcs; dead ends advance their arc pointer.
                let mut path: Vec<usize> = Vec::new();
                let mut u = s;
                let found = loop {
                    if u == t {
                        break true;
                    }
                    let mut advanced = false;
                    while next[u] < self.head[u].len() {
                        let e = self.head[u][next[u]];
                        let v = self.to[e];
                        if level[v] == level[u] + 1 && admissible(self, e, u) {
                            path.push(e);
                            u = v;
                            advanced = true;
                            break;
                        }
                        next[u] += 1;
                    }
                    if !advanced {
                        if u == s {
                            break false;
                        }
                        // Retreat: this node leads nowhere now.
                        level[u] = u32::MAX;
                        let e = path.pop().expect("a node other than s was entered");
                        u = self.to[e ^ 1];
                        next[u] += 1;
                    }
                };
                if !found {
                    break;
                }
                let push = path.iter().map(|&e| self.cap[e]).min().unwrap_or(0);
                for &e in &path {
                    self.cap[e] -= push;
                    self.cap[e ^ 1] += push;
                }
                pushed += push;
            }
        }
    }
}
