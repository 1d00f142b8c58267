-- Reports and customer notices: what happened on each server, and what the customers were told.
-- Portable to H2 and PostgreSQL. Timestamps are UTC instants; long texts are bounded by the agent
-- before they are written (outputs 64 KiB of characters each).

-- One report per server-maintenance process instance; writing it again (an engine retry) updates it.
-- Pool and customer are unknown when the server id itself was not in the inventory.
CREATE TABLE rsa_server_report (
  process_instance_id   VARCHAR(64)              NOT NULL PRIMARY KEY,
  campaign_id           VARCHAR(64),
  server_id             VARCHAR(255)             NOT NULL,
  pool_id               VARCHAR(64),
  customer_id           VARCHAR(64),
  job_id                VARCHAR(255)             NOT NULL,
  job_version           VARCHAR(64),
  digest                VARCHAR(128),
  platform              VARCHAR(255),
  variant               VARCHAR(255),
  revert_variant        VARCHAR(255),
  outcome               VARCHAR(16)              NOT NULL,
  reason                VARCHAR(4000),
  auto_action_exit      INTEGER,
  auto_action_output    TEXT,
  revert_exit           INTEGER,
  revert_output         TEXT,
  reverted              BOOLEAN                  NOT NULL,
  reported_by_action    BOOLEAN                  NOT NULL,
  follow_up_instance_id VARCHAR(64),
  started_at            TIMESTAMP WITH TIME ZONE NOT NULL,
  ended_at              TIMESTAMP WITH TIME ZONE NOT NULL,
  recorded_at           TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX rsa_server_report_campaign ON rsa_server_report (campaign_id);
CREATE INDEX rsa_server_report_server ON rsa_server_report (server_id, started_at);
CREATE INDEX rsa_server_report_customer ON rsa_server_report (customer_id, started_at);

-- The steps of one report, in the order they ran.
CREATE TABLE rsa_server_report_step (
  process_instance_id VARCHAR(64)              NOT NULL,
  seq                 INTEGER                  NOT NULL,
  name                VARCHAR(255)             NOT NULL,
  activity_id         VARCHAR(255),
  started_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  ended_at            TIMESTAMP WITH TIME ZONE,
  step_result         VARCHAR(4000),
  PRIMARY KEY (process_instance_id, seq),
  CONSTRAINT rsa_server_report_step_report FOREIGN KEY (process_instance_id)
    REFERENCES rsa_server_report (process_instance_id) ON DELETE CASCADE
);

-- Notices to customers: announcements, server and campaign reports, alarms. Recorded first (PENDING);
-- a sink (e-mail, webhook) delivers them and records the result.
CREATE TABLE rsa_notice (
  id                  VARCHAR(255)             NOT NULL PRIMARY KEY,
  kind                VARCHAR(32)              NOT NULL,
  customer_id         VARCHAR(64)              NOT NULL,
  recipients          VARCHAR(4000)            NOT NULL,
  subject             VARCHAR(500)             NOT NULL,
  body                TEXT                     NOT NULL,
  process_instance_id VARCHAR(64),
  campaign_id         VARCHAR(64),
  created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
  send_state          VARCHAR(16)              NOT NULL,
  sent_at             TIMESTAMP WITH TIME ZONE,
  send_detail         VARCHAR(4000)
);

CREATE INDEX rsa_notice_customer ON rsa_notice (customer_id, created_at);
CREATE INDEX rsa_notice_campaign ON rsa_notice (campaign_id);
CREATE INDEX rsa_notice_process ON rsa_notice (process_instance_id);
CREATE INDEX rsa_notice_state ON rsa_notice (send_state);
