// Schema versions against both backends: a version 1 database made by hand
// is migrated with its data; newer versions and other applications'
// databases are refused and left as they were; openers racing on a new
// database both succeed.
#include "store/schema.h"

#include <gtest/gtest.h>

#include <thread>

#include "tests/store/store_fixture.h"
#include "tests/store/store_test_util.h"

namespace vigil::store::test {
namespace {

template <typename B>
class SchemaTest : public StoreFixture<B> {};
TYPED_TEST_SUITE(SchemaTest, Backends, BackendNames);

// Version 1 as vigil 0.1 created it, written out here rather than taken
// from schema.cc, with one row in every table.
std::string version1(const char* auto_id) {
  return std::string(
             "CREATE TABLE schema_version (app TEXT PRIMARY KEY, version BIGINT NOT NULL);"
             "INSERT INTO schema_version VALUES ('vigil', 1);"
             "CREATE TABLE incidents (id TEXT PRIMARY KEY, type TEXT NOT NULL, prefix TEXT,"
             " watched_prefix TEXT, asn BIGINT NOT NULL, expected_asns TEXT NOT NULL,"
             " first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL, withdrawn_at BIGINT NOT "
             "NULL,"
             " status TEXT NOT NULL, peers BIGINT NOT NULL, peers_now BIGINT NOT NULL,"
             " peer_list TEXT NOT NULL, severity TEXT NOT NULL, norms TEXT NOT NULL,"
             " country TEXT NOT NULL, code TEXT NOT NULL, explanation TEXT NOT NULL,"
             " alerts BIGINT NOT NULL, disposition TEXT NOT NULL, disposition_reason TEXT NOT "
             "NULL);"
             "CREATE INDEX incidents_first_seen ON incidents (first_seen);"
             "CREATE TABLE incident_evidence (incident_id TEXT NOT NULL REFERENCES incidents (id)"
             " ON DELETE CASCADE, seq BIGINT NOT NULL, file TEXT NOT NULL, file_offset BIGINT "
             "NOT NULL,"
             " record_time BIGINT NOT NULL, PRIMARY KEY (incident_id, seq));"
             "CREATE TABLE alerts (id ") +
         auto_id +
         ", incident_id TEXT NOT NULL REFERENCES incidents (id) ON DELETE CASCADE,"
         " peer TEXT NOT NULL, alert_time BIGINT NOT NULL, file TEXT NOT NULL,"
         " file_offset BIGINT NOT NULL, record_time BIGINT NOT NULL, leaf_index BIGINT);"
         "CREATE INDEX alerts_incident ON alerts (incident_id);"
         "CREATE TABLE evidence_refs (incident_id TEXT NOT NULL REFERENCES incidents (id)"
         " ON DELETE CASCADE, leaf_index BIGINT NOT NULL, file TEXT NOT NULL,"
         " file_offset BIGINT NOT NULL, record_time BIGINT NOT NULL,"
         " PRIMARY KEY (incident_id, leaf_index));"
         "CREATE INDEX evidence_refs_leaf ON evidence_refs (leaf_index);"
         "CREATE TABLE sources (name TEXT PRIMARY KEY, kind TEXT NOT NULL,"
         " first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL);"
         "CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL);"
         "INSERT INTO incidents VALUES ('v1-incident', 'origin-hijack', '193.0.0.0/21',"
         " '193.0.0.0/21', 666, '3333', 1600000000, 1600000500, 1600000600, 'resolved', 4, 0,"
         " '192.0.2.1 AS64500', 'high', 'Network Stability\nProtection from Crime', 'RU',"
         " 'E|0|-|-', 'AS666 announced 193.0.0.0/21', 9, 'none', '');"
         "INSERT INTO incident_evidence VALUES ('v1-incident', 0, 'updates.gz', 123, 1600000000);"
         "INSERT INTO alerts (incident_id, peer, alert_time, file, file_offset, record_time,"
         " leaf_index) VALUES ('v1-incident', '192.0.2.1 AS64500', 1600000000, 'updates.gz',"
         " 123, 1600000000, 17);"
         "INSERT INTO evidence_refs VALUES ('v1-incident', 17, 'updates.gz', 123, 1600000000);"
         "INSERT INTO sources VALUES ('rrc00', 'mrt-file', 1600000000, 1600000900);"
         "INSERT INTO settings VALUES ('retention', '90d');";
}

TYPED_TEST(SchemaTest, MigratesVersion1To2KeepingTheData) {
  ASSERT_EQ(this->backend_.exec_raw(version1(TypeParam::kAutoId)), "");
  auto s = this->open();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->schema_version(), 2);
  ASSERT_OK_AND_ASSIGN(auto in, s->get_incident("v1-incident"));
  ASSERT_TRUE(in.has_value());
  EXPECT_EQ(in->type, detect::AlertType::kOriginHijack);
  EXPECT_EQ(in->prefix, P("193.0.0.0/21"));
  EXPECT_EQ(in->asn, 666u);
  EXPECT_EQ(in->expected_asns, std::vector<uint32_t>{3333});
  EXPECT_EQ(in->status, detect::IncidentStatus::kResolved);
  EXPECT_EQ(in->norms, detect::norms_for(detect::AlertType::kOriginHijack));
  ASSERT_EQ(in->evidence.size(), 1u);
  EXPECT_EQ(in->evidence[0].offset, 123u);
  ASSERT_OK_AND_ASSIGN(auto alerts, s->list_alerts("v1-incident"));
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].leaf_index, 17u);
  ASSERT_OK_AND_ASSIGN(auto refs, s->list_evidence_refs("v1-incident"));
  ASSERT_EQ(refs.size(), 1u);
  ASSERT_OK_AND_ASSIGN(auto sources, s->list_sources());
  ASSERT_EQ(sources.size(), 1u);
  EXPECT_EQ(sources[0].last_seen, 1600000900u);
  ASSERT_OK_AND_ASSIGN(auto setting, s->get_setting("retention"));
  EXPECT_EQ(setting, "90d");
  // Version 2's holds work on the migrated data, and the auto ids go on.
  ASSERT_OK(s->hold("v1-incident", "kept", 1));
  ASSERT_OK_AND_ASSIGN(auto r, s->apply_retention(4000000000, 1));
  EXPECT_TRUE(r.incidents.empty());
  ASSERT_OK(s->append_alert({"v1-incident", "", 1, {"f", 0, 0}, std::nullopt}));
  ASSERT_OK_AND_ASSIGN(auto two, s->list_alerts("v1-incident"));
  EXPECT_EQ(two.size(), 2u);
  s.reset();
  auto again = this->open();  // already current: nothing to do
  ASSERT_TRUE(again);
  EXPECT_EQ(again->schema_version(), 2);
}

TYPED_TEST(SchemaTest, RefusesANewerSchemaVersion) {
  ASSERT_TRUE(this->open());
  ASSERT_EQ(this->backend_.exec_raw("UPDATE schema_version SET version = 99"), "");
  auto r = open_store(this->backend_.uri());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnsupported);
  EXPECT_NE(r.error().message.find("schema version 99 is newer"), std::string::npos)
      << r.error().message;
  // Untouched.
  ASSERT_EQ(this->backend_.exec_raw("UPDATE schema_version SET version = 2 WHERE version = 99"),
            "");
  EXPECT_TRUE(this->open());
}

TYPED_TEST(SchemaTest, RefusesAnotherApplicationsDatabaseAndLeavesItAlone) {
  ASSERT_EQ(this->backend_.exec_raw("CREATE TABLE customers (id BIGINT PRIMARY KEY, name TEXT);"
                                    "INSERT INTO customers VALUES (1, 'alice');"),
            "");
  auto r = open_store(this->backend_.uri());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("not a vigil store"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("customers"), std::string::npos) << r.error().message;
  EXPECT_NE(this->backend_.exec_raw("SELECT * FROM schema_version"), "");  // not created
  EXPECT_EQ(this->backend_.exec_raw("SELECT * FROM customers"), "");
}

TYPED_TEST(SchemaTest, RefusesAForeignSchemaVersionTable) {
  ASSERT_EQ(this->backend_.exec_raw("CREATE TABLE schema_version (version BIGINT);"
                                    "INSERT INTO schema_version VALUES (1);"),
            "");
  auto r = open_store(this->backend_.uri());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("no 'vigil' row"), std::string::npos) << r.error().message;
  EXPECT_NE(this->backend_.exec_raw("SELECT * FROM incidents"), "");  // not created
}

TYPED_TEST(SchemaTest, OpenersRacingOnANewDatabaseBothSucceed) {
  Status a, b;
  auto open = [this](Status& out) {
    auto r = open_store(this->backend_.uri());
    if (!r.ok()) out = r.error();
  };
  std::thread t1(open, std::ref(a)), t2(open, std::ref(b));
  t1.join();
  t2.join();
  EXPECT_TRUE(a.ok()) << a.error().to_string();
  EXPECT_TRUE(b.ok()) << b.error().to_string();
  auto s = this->open();
  ASSERT_TRUE(s);
  EXPECT_EQ(s->schema_version(), kSchemaVersion);
}

TEST(Schema, MigrationsAreNumberedInOrder) {
  ASSERT_FALSE(migrations().empty());
  for (size_t i = 0; i < migrations().size(); ++i) EXPECT_EQ(migrations()[i].version, int(i + 1));
  EXPECT_EQ(migrations().back().version, kSchemaVersion);
}

}  // namespace
}  // namespace vigil::store::test
