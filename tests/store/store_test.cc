// The Store interface against both backends: incidents (every field, upsert,
// filters), alerts, evidence references, sources, settings, holds,
// retention, a 10k batch, and two Stores on one database at once.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "tests/store/store_fixture.h"
#include "tests/store/store_test_util.h"

namespace vigil::store::test {
namespace {

using detect::AlertType;
using detect::IncidentStatus;

template <typename B>
class StoreTest : public StoreFixture<B> {};
TYPED_TEST_SUITE(StoreTest, Backends, BackendNames);

TYPED_TEST(StoreTest, IncidentRoundTripKeepsEveryField) {
  StoredIncident full = full_incident("hijack-1");
  StoredIncident aggregate = small_incident(1, IncidentStatus::kOngoing, AlertType::kShutdown);
  aggregate.prefix.reset();
  aggregate.watched_prefix.reset();
  aggregate.asn = 0;
  aggregate.country = "IR";
  aggregate.evidence.clear();
  {
    auto s = this->open();
    ASSERT_TRUE(s);
    EXPECT_EQ(s->schema_version(), 2);
    ASSERT_OK(s->upsert_incident(full));
    ASSERT_OK(s->upsert_incident(aggregate));
    ASSERT_OK_AND_ASSIGN(auto got, s->get_incident("hijack-1"));
    ASSERT_TRUE(got.has_value());
    expect_same(*got, full);
  }
  auto s = this->open();  // a new connection: the data are in the database
  ASSERT_TRUE(s);
  ASSERT_OK_AND_ASSIGN(auto got, s->get_incident("hijack-1"));
  ASSERT_TRUE(got.has_value());
  expect_same(*got, full);
  ASSERT_OK_AND_ASSIGN(auto agg, s->get_incident(aggregate.id));
  ASSERT_TRUE(agg.has_value());
  expect_same(*agg, aggregate);
  ASSERT_OK_AND_ASSIGN(auto missing, s->get_incident("no-such-incident"));
  EXPECT_FALSE(missing.has_value());
}

TYPED_TEST(StoreTest, UpsertReplacesEveryFieldAndTheEvidenceList) {
  auto s = this->open();
  ASSERT_TRUE(s);
  StoredIncident in = full_incident("x");
  ASSERT_OK(s->upsert_incident(in));
  StoredIncident changed = small_incident(5, IncidentStatus::kResolved, AlertType::kRouteLeak);
  changed.id = "x";
  changed.evidence = {{"later.gz", 9, 99}};
  changed.country = "";
  ASSERT_OK(s->upsert_incident(changed));
  ASSERT_OK_AND_ASSIGN(auto got, s->get_incident("x"));
  ASSERT_TRUE(got.has_value());
  expect_same(*got, changed);
  ASSERT_OK_AND_ASSIGN(auto all, s->list_incidents({}));
  EXPECT_EQ(all.size(), 1u);
}

TYPED_TEST(StoreTest, ListFiltersByStatusTypeAndSince) {
  auto s = this->open();
  ASSERT_TRUE(s);
  std::vector<StoredIncident> in;
  for (int i = 0; i < 12; ++i) {
    in.push_back(small_incident(i, static_cast<IncidentStatus>(i % 3),
                                i % 2 ? AlertType::kMoas : AlertType::kRpkiInvalid));
  }
  // Stored out of order; listed by first_seen.
  std::reverse(in.begin(), in.end());
  ASSERT_OK(s->write_batch(in, {}));
  auto ids = [](const std::vector<StoredIncident>& v) {
    std::vector<int> out;
    for (const auto& x : v) out.push_back(std::stoi(x.id.substr(4)) - 1000000);
    return out;
  };
  ASSERT_OK_AND_ASSIGN(auto all, s->list_incidents({}));
  EXPECT_EQ(ids(all), (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}));
  for (const auto& x : all) EXPECT_EQ(x.evidence.size(), 1u) << x.id;
  IncidentFilter f;
  f.status = IncidentStatus::kResolved;
  ASSERT_OK_AND_ASSIGN(auto resolved, s->list_incidents(f));
  EXPECT_EQ(ids(resolved), (std::vector<int>{2, 5, 8, 11}));
  f.type = AlertType::kMoas;
  ASSERT_OK_AND_ASSIGN(auto resolved_moas, s->list_incidents(f));
  EXPECT_EQ(ids(resolved_moas), (std::vector<int>{5, 11}));
  IncidentFilter since;
  since.since = 2007;  // last_seen = 2000 + i
  ASSERT_OK_AND_ASSIGN(auto recent, s->list_incidents(since));
  EXPECT_EQ(ids(recent), (std::vector<int>{7, 8, 9, 10, 11}));
  since.type = AlertType::kRpkiInvalid;
  since.limit = 2;
  ASSERT_OK_AND_ASSIGN(auto limited, s->list_incidents(since));
  EXPECT_EQ(ids(limited), (std::vector<int>{8, 10}));
  for (const auto& x : limited) EXPECT_EQ(x.evidence.size(), 1u) << x.id;
}

TYPED_TEST(StoreTest, AlertsAreAppendedAndMustNameAnIncident) {
  auto s = this->open();
  ASSERT_TRUE(s);
  ASSERT_OK(s->upsert_incident(small_incident(1, IncidentStatus::kOngoing)));
  const std::string id = small_incident(1, IncidentStatus::kOngoing).id;
  AlertRecord a{id, "192.0.2.1 AS64500", 1001, {"u.gz", 77, 1000}, std::nullopt};
  AlertRecord b{id, "", 1002, {"u.gz", 6000000000, 1002}, uint64_t{1} << 40};
  ASSERT_OK(s->append_alert(a));
  ASSERT_OK(s->append_alert(b));
  ASSERT_OK_AND_ASSIGN(auto alerts, s->list_alerts(id));
  ASSERT_EQ(alerts.size(), 2u);
  EXPECT_EQ(alerts[0].peer, a.peer);
  EXPECT_EQ(alerts[0].time, 1001u);
  EXPECT_EQ(alerts[0].evidence.offset, 77u);
  EXPECT_FALSE(alerts[0].leaf_index.has_value());
  EXPECT_EQ(alerts[1].peer, "");
  EXPECT_EQ(alerts[1].evidence.offset, 6000000000u);
  EXPECT_EQ(alerts[1].leaf_index, uint64_t{1} << 40);
  EXPECT_EQ(alerts[1].incident_id, id);

  // An alert for an unknown incident fails, names the step, and takes its
  // whole batch with it.
  StoredIncident other = small_incident(2, IncidentStatus::kOngoing);
  AlertRecord orphan{"nope", "p", 1, {"f", 0, 0}, std::nullopt};
  std::vector<AlertRecord> batch = {a, orphan};
  Status st = s->write_batch({&other, 1}, batch);
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(st.error().message.find("append alert"), std::string::npos) << st.error().message;
  EXPECT_NE(st.error().message.find("'nope'"), std::string::npos) << st.error().message;
  ASSERT_OK_AND_ASSIGN(auto gone, s->get_incident(other.id));
  EXPECT_FALSE(gone.has_value());
  ASSERT_OK_AND_ASSIGN(auto still, s->list_alerts(id));
  EXPECT_EQ(still.size(), 2u);
  // The store is usable after the rollback.
  ASSERT_OK(s->upsert_incident(other));
}

TYPED_TEST(StoreTest, EvidenceReferences) {
  auto s = this->open();
  ASSERT_TRUE(s);
  const StoredIncident in = small_incident(1, IncidentStatus::kOngoing);
  ASSERT_OK(s->upsert_incident(in));
  ASSERT_OK(s->add_evidence_ref(in.id, {42, {"a.gz", 10, 100}}));
  ASSERT_OK(s->add_evidence_ref(in.id, {7, {"b.gz", 20, 200}}));
  ASSERT_OK(s->add_evidence_ref(in.id, {42, {"a2.gz", 11, 101}}));  // replaces
  ASSERT_OK_AND_ASSIGN(auto refs, s->list_evidence_refs(in.id));
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[0].leaf_index, 7u);
  EXPECT_EQ(refs[0].record.file, "b.gz");
  EXPECT_EQ(refs[1].leaf_index, 42u);
  EXPECT_EQ(refs[1].record.file, "a2.gz");
  EXPECT_EQ(refs[1].record.offset, 11u);
  EXPECT_EQ(refs[1].record.time, 101u);
  Status st = s->add_evidence_ref("nope", {1, {"c", 0, 0}});
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("add evidence reference"), std::string::npos);
  // An upsert of the incident keeps its references.
  ASSERT_OK(s->upsert_incident(in));
  ASSERT_OK_AND_ASSIGN(auto kept, s->list_evidence_refs(in.id));
  EXPECT_EQ(kept.size(), 2u);
}

TYPED_TEST(StoreTest, SourcesWidenTheirTimeRange) {
  auto s = this->open();
  ASSERT_TRUE(s);
  ASSERT_OK(s->upsert_source({"rrc00", "mrt-file", 100, 200}));
  ASSERT_OK(s->upsert_source({"bmp://192.0.2.1", "bmp", 50, 60}));
  ASSERT_OK(s->upsert_source({"rrc00", "mrt-file", 150, 300}));
  ASSERT_OK(s->upsert_source({"rrc00", "mrt-file", 90, 120}));
  ASSERT_OK_AND_ASSIGN(auto sources, s->list_sources());
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_EQ(sources[0].name, "bmp://192.0.2.1");
  EXPECT_EQ(sources[0].kind, "bmp");
  EXPECT_EQ(sources[1].name, "rrc00");
  EXPECT_EQ(sources[1].first_seen, 90u);
  EXPECT_EQ(sources[1].last_seen, 300u);
}

TYPED_TEST(StoreTest, Settings) {
  auto s = this->open();
  ASSERT_TRUE(s);
  ASSERT_OK_AND_ASSIGN(auto none, s->get_setting("retention"));
  EXPECT_FALSE(none.has_value());
  ASSERT_OK(s->set_setting("retention", "90d"));
  ASSERT_OK(s->set_setting("retention", "30d"));
  ASSERT_OK(s->set_setting("empty", ""));
  ASSERT_OK_AND_ASSIGN(auto v, s->get_setting("retention"));
  EXPECT_EQ(v, "30d");
  ASSERT_OK_AND_ASSIGN(auto e, s->get_setting("empty"));
  EXPECT_EQ(e, "");
}

TYPED_TEST(StoreTest, Holds) {
  auto s = this->open();
  ASSERT_TRUE(s);
  const StoredIncident in = small_incident(1, IncidentStatus::kResolved);
  ASSERT_OK(s->upsert_incident(in));
  Status unknown = s->hold("nope", "court order", 1);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(unknown.error().message.find("'nope'"), std::string::npos);
  ASSERT_OK(s->hold(in.id, "court order", 100));
  ASSERT_OK(s->hold(in.id, "court order 2", 200));
  ASSERT_OK_AND_ASSIGN(auto holds, s->list_holds());
  ASSERT_EQ(holds.size(), 1u);
  EXPECT_EQ(holds[0].incident_id, in.id);
  EXPECT_EQ(holds[0].reason, "court order 2");
  EXPECT_EQ(holds[0].time, 200u);
  ASSERT_OK_AND_ASSIGN(bool released, s->release_hold(in.id));
  EXPECT_TRUE(released);
  ASSERT_OK_AND_ASSIGN(bool again, s->release_hold(in.id));
  EXPECT_FALSE(again);
  ASSERT_OK_AND_ASSIGN(auto after, s->list_holds());
  EXPECT_TRUE(after.empty());
}

TYPED_TEST(StoreTest, RetentionDeletesOldResolvedKeepsHeldAndReportsOrphanedLeaves) {
  auto s = this->open();
  ASSERT_TRUE(s);
  const uint64_t now = 1'000'000, max_age = 1000;  // cutoff 999'000
  auto inc = [](const char* id, IncidentStatus status, uint32_t last, uint32_t withdrawn) {
    StoredIncident in = small_incident(0, status);
    in.id = id;
    in.first_seen = 1;
    in.last_seen = last;
    in.withdrawn_at = withdrawn;
    return in;
  };
  const std::vector<StoredIncident> incidents = {
      inc("old", IncidentStatus::kResolved, 500, 600),             // deleted
      inc("old-held", IncidentStatus::kResolved, 500, 600),        // held
      inc("recent", IncidentStatus::kResolved, 500, 999'500),      // withdrawn recently
      inc("at-cutoff", IncidentStatus::kResolved, 999'000, 0),     // exactly max_age old: kept
      inc("old-ongoing", IncidentStatus::kOngoing, 500, 0),        // not resolved
      inc("old-withdrawn", IncidentStatus::kWithdrawn, 500, 600),  // not resolved
      inc("old-2", IncidentStatus::kResolved, 998'999, 0),         // deleted
  };
  auto alert = [](const char* id, std::optional<uint64_t> leaf) {
    return AlertRecord{id, "192.0.2.1 AS1", 500, {"u.gz", 1, 500}, leaf};
  };
  const std::vector<AlertRecord> alerts = {
      alert("old", 1),      alert("old", 2),    alert("old", std::nullopt),
      alert("old-held", 3), alert("recent", 2), alert("old-ongoing", 4),
      alert("old-2", 5),    alert("old-2", 5),  alert("old-held", 6),
  };
  ASSERT_OK(s->write_batch(incidents, alerts));
  ASSERT_OK(s->add_evidence_ref("old", {1, {"u.gz", 1, 500}}));
  ASSERT_OK(s->add_evidence_ref("old", {8, {"u.gz", 8, 500}}));        // only here
  ASSERT_OK(s->add_evidence_ref("old", {6, {"u.gz", 6, 500}}));        // held elsewhere
  ASSERT_OK(s->add_evidence_ref("old-ongoing", {9, {"u.gz", 9, 1}}));  // stays
  ASSERT_OK(s->hold("old-held", "legal hold", 10));

  ASSERT_OK_AND_ASSIGN(auto nothing, s->apply_retention(500, 1000));  // max_age > now
  EXPECT_TRUE(nothing.incidents.empty());

  ASSERT_OK_AND_ASSIGN(RetentionResult r, s->apply_retention(now, max_age));
  EXPECT_EQ(r.incidents, (std::vector<std::string>{"old", "old-2"}));
  EXPECT_EQ(r.alerts, 5u);
  EXPECT_EQ(r.evidence_refs, 3u);
  // 1 and 8: only "old"; 5: only "old-2"; 2 is still an alert of "recent",
  // 6 of the held incident.
  EXPECT_EQ(r.orphaned_leaves, (std::vector<uint64_t>{1, 5, 8}));

  ASSERT_OK_AND_ASSIGN(auto left, s->list_incidents({}));
  std::vector<std::string> ids;
  for (const auto& x : left) ids.push_back(x.id);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<std::string>{"at-cutoff", "old-held", "old-ongoing", "old-withdrawn",
                                           "recent"}));
  ASSERT_OK_AND_ASSIGN(auto old_alerts, s->list_alerts("old"));
  EXPECT_TRUE(old_alerts.empty());
  ASSERT_OK_AND_ASSIGN(auto old_refs, s->list_evidence_refs("old"));
  EXPECT_TRUE(old_refs.empty());
  ASSERT_OK_AND_ASSIGN(auto held_alerts, s->list_alerts("old-held"));
  EXPECT_EQ(held_alerts.size(), 2u);
  ASSERT_OK_AND_ASSIGN(auto kept_refs, s->list_evidence_refs("old-ongoing"));
  EXPECT_EQ(kept_refs.size(), 1u);

  // Nothing more to do; then the hold is released and it goes too.
  ASSERT_OK_AND_ASSIGN(RetentionResult again, s->apply_retention(now, max_age));
  EXPECT_TRUE(again.incidents.empty());
  EXPECT_TRUE(again.orphaned_leaves.empty());
  ASSERT_OK_AND_ASSIGN(bool released, s->release_hold("old-held"));
  EXPECT_TRUE(released);
  ASSERT_OK_AND_ASSIGN(RetentionResult last, s->apply_retention(now, max_age));
  EXPECT_EQ(last.incidents, (std::vector<std::string>{"old-held"}));
  EXPECT_EQ(last.orphaned_leaves, (std::vector<uint64_t>{3, 6}));
}

TYPED_TEST(StoreTest, BatchOfTenThousandIncidentsInOneTransaction) {
  auto s = this->open();
  ASSERT_TRUE(s);
  std::vector<StoredIncident> incidents;
  std::vector<AlertRecord> alerts;
  for (int i = 0; i < 10000; ++i) {
    incidents.push_back(small_incident(i, IncidentStatus::kOngoing));
    alerts.push_back({incidents.back().id, "192.0.2.1 AS64500", 1000u + i, {"u.gz", 1, 1}, i});
  }
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_OK(s->write_batch(incidents, alerts));
  const auto t1 = std::chrono::steady_clock::now();
  ASSERT_OK_AND_ASSIGN(auto all, s->list_incidents({}));
  const auto t2 = std::chrono::steady_clock::now();
  ASSERT_EQ(all.size(), 10000u);
  expect_same(all[4321], incidents[4321]);
  std::printf("[ store ] 10000 incidents + 10000 alerts written in %.0f ms, listed in %.0f ms\n",
              std::chrono::duration<double, std::milli>(t1 - t0).count(),
              std::chrono::duration<double, std::milli>(t2 - t1).count());
  // Upserting them all again (a second detection pass) keeps one of each.
  ASSERT_OK(s->write_batch(incidents, {}));
  ASSERT_OK_AND_ASSIGN(auto again, s->list_incidents({}));
  EXPECT_EQ(again.size(), 10000u);
}

TYPED_TEST(StoreTest, TwoStoresOnOneDatabaseOneWritesOneReads) {
  auto writer = this->open();
  auto reader = this->open();
  ASSERT_TRUE(writer && reader);
  constexpr int kBatches = 20, kPerBatch = 50;
  Status written;
  std::thread t([&] {
    for (int b = 0; b < kBatches && written.ok(); ++b) {
      std::vector<StoredIncident> batch;
      for (int i = 0; i < kPerBatch; ++i) {
        batch.push_back(small_incident(b * kPerBatch + i, IncidentStatus::kOngoing));
      }
      written = writer->write_batch(batch, {});
    }
  });
  // The reader sees whole batches, never part of one, and eventually all.
  size_t seen = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (seen < size_t{kBatches * kPerBatch} && std::chrono::steady_clock::now() < deadline) {
    auto all = reader->list_incidents({});
    if (!all.ok()) {
      ADD_FAILURE() << all.error().to_string();
      break;
    }
    EXPECT_EQ(all->size() % kPerBatch, 0u) << "a batch was seen half-written";
    EXPECT_GE(all->size(), seen);
    seen = all->size();
    for (const auto& x : *all) EXPECT_EQ(x.evidence.size(), 1u) << x.id;
  }
  t.join();
  ASSERT_TRUE(written.ok()) << written.error().to_string();
  EXPECT_EQ(seen, size_t{kBatches * kPerBatch});
  // And the other way round, on the same two connections.
  ASSERT_OK(reader->set_setting("k", "v"));
  ASSERT_OK_AND_ASSIGN(auto v, writer->get_setting("k"));
  EXPECT_EQ(v, "v");
}

}  // namespace
}  // namespace vigil::store::test
