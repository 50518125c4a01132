 pack ilacs (54 rules), as at 2025-03-31, dialect duckdb
-- Tables: one per table of schema `csc`, with the schema's fields and _row (record position).
--   children(_row BIGINT, child_id VARCHAR, date_of_birth DATE, expected_date_of_birth DATE, sex VARCHAR, ethnicity VARCHAR, disabled BOOLEAN, uasc BOOLEAN)
--   contacts(_row BIGINT, contact_id VARCHAR, child_id VARCHAR, date DATE, source VARCHAR, decision_date DATE, outcome VARCHAR, manager_oversight BOOLEAN)
--   referrals(_row BIGINT, referral_id VARCHAR, child_id VARCHAR, contact_id VARCHAR, date DATE, source VARCHAR, decision_date DATE, nfa BOOLEAN, child_seen BOOLEAN, primary_need VARCHAR, closure_date DATE, team VARCHAR, referrals_last_12_months BIGINT)
--   assessments(_row BIGINT, assessment_id VARCHAR, child_id VARCHAR, referral_id VARCHAR, type VARCHAR, start_date DATE, authorised_date DATE, child_seen BOOLEAN, child_seen_alone BOOLEAN, worker_id VARCHAR, team VARCHAR, requires_support BOOLEAN)
--   strategy_discussions(_row BIGINT, strategy_id VARCHAR, child_id VARCHAR, referral_id VARCHAR, date DATE, police_attended BOOLEAN, health_attended BOOLEAN, s47_decided BOOLEAN)
--   s47_enquiries(_row BIGINT, s47_id VARCHAR, child_id VARCHAR, referral_id VARCHAR, strategy_id VARCHAR, start_date DATE, end_date DATE, icpc_target_date DATE, icpc_not_required BOOLEAN, icpc_date DATE, worker_id VARCHAR, team VARCHAR)
--   cp_conferences(_row BIGINT, conference_id VARCHAR, child_id VARCHAR, s47_id VARCHAR, plan_id VARCHAR, type VARCHAR, date DATE, plan_made BOOLEAN, minutes_sent_date DATE, first_core_group_date DATE)
--   cp_plans(_row BIGINT, plan_id VARCHAR, child_id VARCHAR, start_date DATE, end_date DATE, initial_category VARCHAR, latest_category VARCHAR, previous_plans BIGINT, team VARCHAR)
--   visits(_row BIGINT, visit_id VARCHAR, child_id VARCHAR, worker_id VARCHAR, type VARCHAR, date DATE, seen BOOLEAN, seen_alone BOOLEAN)
--   cin_plans(_row BIGINT, cin_plan_id VARCHAR, child_id VARCHAR, start_date DATE, end_date DATE, last_review_date DATE)
--   care_periods(_row BIGINT, period_id VARCHAR, child_id VARCHAR, start_date DATE, end_date DATE, legal_status VARCHAR, placement_type VARCHAR, placement_start_date DATE, placement_long_term BOOLEAN, placements_last_12_months BIGINT, placement_basis VARCHAR, care_plan_date DATE, worker_id VARCHAR, team VARCHAR, iro_visit_date DATE, dental_check_date DATE, missing_episodes_12m BIGINT, absent_episodes_12m BIGINT, return_interview_offered BOOLEAN, return_interview_accepted BOOLEAN, health_check_up_to_date BOOLEAN, dental_check_up_to_date BOOLEAN, immunisations_up_to_date BOOLEAN)
--   missing_episodes(_row BIGINT, episode_id VARCHAR, child_id VARCHAR, type VARCHAR, start_date DATE, end_date DATE, rhi_offered_date DATE, rhi_accepted BOOLEAN, rhi_date DATE)
--   placements(_row BIGINT, placement_id VARCHAR, child_id VARCHAR, period_id VARCHAR, start_date DATE, end_date DATE, placement_type VARCHAR)
--   lac_reviews(_row BIGINT, review_id VARCHAR, child_id VARCHAR, period_id VARCHAR, date DATE, child_participated BOOLEAN)
--   health_assessments(_row BIGINT, health_assessment_id VARCHAR, child_id VARCHAR, type VARCHAR, date DATE)
--   peps(_row BIGINT, pep_id VARCHAR, child_id VARCHAR, date DATE)
--   care_leavers(_row BIGINT, child_id VARCHAR, eligibility VARCHAR, in_touch VARCHAR, accommodation VARCHAR, accommodation_suitable BOOLEAN, activity VARCHAR, personal_adviser_id VARCHAR, last_contact_date DATE)
--   pathway_plans(_row BIGINT, pathway_plan_id VARCHAR, child_id VARCHAR, date DATE)
--   social_workers(_row BIGINT, worker_id VARCHAR, role VARCHAR, qualified BOOLEAN, newly_qualified BOOLEAN, team VARCHAR, start_date DATE, end_date DATE)
--   supervisions(_row BIGINT, supervision_id VARCHAR, worker_id VARCHAR, supervisor_id VARCHAR, date DATE, reflective BOOLEAN)
--   case_allocations(_row BIGINT, allocation_id VARCHAR, child_id VARCHAR, worker_id VARCHAR, team VARCHAR, start_date DATE, end_date DATE)
--   case_audits(_row BIGINT, audit_id VARCHAR, child_id VARCHAR, audit_date DATE, auditor_id VARCHAR, team VARCHAR, views_recorded VARCHAR, identity_considered VARCHAR, fathers_involved VARCHAR, chronology_present VARCHAR, plan_smart VARCHAR, management_oversight VARCHAR, risk_analysis VARCHAR, grade VARCHAR, moderated_grade VARCHAR)

-- CONTACT-DECISION-1WD: Contacts are decided within one working day
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'contact on ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ', decided ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ' working days (limit 1)'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'not yet due: contact on ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ', decision due by ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing')
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'contact on ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ', decided ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_pass_5" AS TEXT), 'missing') || ' working days (limit 1)'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e4"
      )
      THEN CASE
        WHEN (
          "s"."e3"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e3"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e4"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e4" AS "_when",
    "s"."date" AS "r_fail_1",
    "s"."decision_date" AS "r_fail_3",
    (
      "s"."e6"
    ) - (
      "s"."e2"
    ) AS "r_fail_5",
    "s"."date" AS "r_not_applicable_1",
    "s"."e7" AS "r_not_applicable_3",
    "s"."date" AS "r_pass_1",
    "s"."decision_date" AS "r_pass_3",
    (
      "s"."e1"
    ) - (
      "s"."e2"
    ) AS "r_pass_5"
  FROM (
    SELECT
      s.*,
      (
        NOT (
          (
            "s"."decision_date"
          ) IS NULL
        )
      )
      AND (
        CASE
          WHEN (
            (
              "s"."date"
            ) IS NULL
          ) OR (
            (
              "s"."decision_date"
            ) IS NULL
          )
          THEN NULL
          WHEN (
            "s"."decision_date"
          ) < (
            "s"."date"
          )
          THEN FALSE
          ELSE (
            "s"."e1" - "s"."e2"
          ) <= 1
        END
      ) AS "e3",
      (
        NOT (
          (
            "s"."decision_date"
          ) IS NULL
        )
      )
      OR (
        (
          (
            8908
          ) - (
            "s"."e2"
          )
        ) > (
          1
        )
      ) AS "e4",
      (
        SELECT
          "c3"."wd"
        FROM "cc_calendar" AS c3
        WHERE
          "c3"."d" = (
            "s"."e5"
          )
      ) AS "e6",
      (
        SELECT
          "c4"."d"
        FROM "cc_calendar" AS c4
        WHERE
          (
            "c4"."is_wd"
          ) AND (
            "c4"."wd" = (
              (
                "s"."e2"
              ) + 1
            )
          )
      ) AS "e7"
    FROM (
      SELECT
        s.*,
        (
          SELECT
            "c1"."wd"
          FROM "cc_calendar" AS c1
          WHERE
            "c1"."d" = (
              "s"."decision_date"
            )
        ) AS "e1",
        (
          SELECT
            "c2"."wd"
          FROM "cc_calendar" AS c2
          WHERE
            "c2"."d" = (
              "s"."date"
            )
        ) AS "e2",
        COALESCE("s"."decision_date", CAST('2025-03-31' AS DATE)) AS "e5"
      FROM "contacts" AS s
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- REFERRAL-DECISION-1WD: Referrals are decided within one working day
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'referral on ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ', decided ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ' working days (limit 1)'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'not yet due: referral on ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ', decision due by ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing')
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'referral on ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ', decided ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_pass_5" AS TEXT), 'missing') || ' working days (limit 1)'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e4"
      )
      THEN CASE
        WHEN (
          "s"."e3"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e3"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e4"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e4" AS "_when",
    "s"."date" AS "r_fail_1",
    "s"."decision_date" AS "r_fail_3",
    (
      "s"."e6"
    ) - (
      "s"."e2"
    ) AS "r_fail_5",
    "s"."date" AS "r_not_applicable_1",
    "s"."e7" AS "r_not_applicable_3",
    "s"."date" AS "r_pass_1",
    "s"."decision_date" AS "r_pass_3",
    (
      "s"."e1"
    ) - (
      "s"."e2"
    ) AS "r_pass_5"
  FROM (
    SELECT
      s.*,
      (
        NOT (
          (
            "s"."decision_date"
          ) IS NULL
        )
      )
      AND (
        CASE
          WHEN (
            (
              "s"."date"
            ) IS NULL
          ) OR (
            (
              "s"."decision_date"
            ) IS NULL
          )
          THEN NULL
          WHEN (
            "s"."decision_date"
          ) < (
            "s"."date"
          )
          THEN FALSE
          ELSE (
            "s"."e1" - "s"."e2"
          ) <= 1
        END
      ) AS "e3",
      (
        NOT (
          (
            "s"."decision_date"
          ) IS NULL
        )
      )
      OR (
        (
          (
            8908
          ) - (
            "s"."e2"
          )
        ) > (
          1
        )
      ) AS "e4",
      (
        SELECT
          "c3"."wd"
        FROM "cc_calendar" AS c3
        WHERE
          "c3"."d" = (
            "s"."e5"
          )
      ) AS "e6",
      (
        SELECT
          "c4"."d"
        FROM "cc_calendar" AS c4
        WHERE
          (
            "c4"."is_wd"
          ) AND (
            "c4"."wd" = (
              (
                "s"."e2"
              ) + 1
            )
          )
      ) AS "e7"
    FROM (
      SELECT
        s.*,
        (
          SELECT
            "c1"."wd"
          FROM "cc_calendar" AS c1
          WHERE
            "c1"."d" = (
              "s"."decision_date"
            )
        ) AS "e1",
        (
          SELECT
            "c2"."wd"
          FROM "cc_calendar" AS c2
          WHERE
            "c2"."d" = (
              "s"."date"
            )
        ) AS "e2",
        COALESCE("s"."decision_date", CAST('2025-03-31' AS DATE)) AS "e5"
      FROM "referrals" AS s
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- REFERRAL-NFA-SEEN: Referrals closed with no further action saw the child first
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'referral of ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' closed with no further action without the child being seen'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'referral of ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ': no further action ' || COALESCE(
      CASE
        WHEN "r_not_evidenced_3"
        THEN 'true'
        WHEN NOT (
          "r_not_evidenced_3"
        )
        THEN 'false'
      END,
      'missing'
    ) || ', child seen ' || COALESCE(
      CASE
        WHEN "r_not_evidenced_5"
        THEN 'true'
        WHEN NOT (
          "r_not_evidenced_5"
        )
        THEN 'false'
      END,
      'missing'
    ) || ' (not recorded)'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'referral of ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ' closed with no further action; the child was seen'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."date" AS "r_fail_1",
    "s"."date" AS "r_not_evidenced_1",
    "s"."nfa" AS "r_not_evidenced_3",
    "s"."child_seen" AS "r_not_evidenced_5",
    "s"."date" AS "r_pass_1",
    CASE
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not applicable: ' || '`nfa == true` is false: nfa = ' || COALESCE(
        CASE WHEN "s"."nfa" THEN 'true' WHEN NOT (
          "s"."nfa"
        ) THEN 'false' END,
        'missing'
      )
    END AS "why_not_applicable"
  FROM (
    SELECT
      s.*,
      (
        "s"."child_seen"
      ) = (
        TRUE
      ) AS "e1",
      (
        "s"."nfa"
      ) = (
        TRUE
      ) AS "e2"
    FROM "referrals" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- REREFERRAL-12M: Re-referrals within 12 months of a previous referral
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'referral of ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' follows the child''s previous referral of ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ' (within 12 months)'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'referral of ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ': outside the year to ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing')
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'child ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ' is not in the children table, so the child''s earlier referrals cannot be seen'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'no earlier referral of the child in the 12 months before ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing')
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e4"
      )
      THEN CASE
        WHEN (
          "s"."e3"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e3"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e4"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e4" AS "_when",
    "s"."date" AS "r_fail_1",
    CASE
      WHEN (
        (
          "s"."e1"
        ) IS NULL
      )
      OR (
        EXISTS(
          SELECT
            1
          FROM "referrals" AS t6
          WHERE
            "t6"."child_id" = (
              "s"."e2"
            )
            AND (
              (
                (
                  "t6"."referral_id"
                ) <> (
                  "s"."referral_id"
                )
              )
              AND (
                (
                  "t6"."date"
                ) < (
                  "s"."date"
                )
              )
            ) IS NULL
        )
      )
      THEN NULL
      ELSE (
        SELECT
          CASE WHEN COUNT(*) = COUNT("q7"."v") THEN MAX("q7"."v") ELSE NULL END
        FROM (
          SELECT
            "t6"."date" AS v
          FROM "referrals" AS t6
          WHERE
            (
              "t6"."child_id" = (
                "s"."e2"
              )
            )
            AND (
              (
                (
                  "t6"."referral_id"
                ) <> (
                  "s"."referral_id"
                )
              )
              AND (
                (
                  "t6"."date"
                ) < (
                  "s"."date"
                )
              )
            )
        ) AS q7
      )
    END AS "r_fail_3",
    "s"."date" AS "r_not_applicable_1",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_3",
    "s"."child_id" AS "r_not_evidenced_1",
    "s"."date" AS "r_pass_1"
  FROM (
    SELECT
      s.*,
      CASE
        WHEN (
          "s"."e1"
        ) IS NULL
        THEN NULL
        ELSE (
          SELECT
            NOT (
              CASE
                WHEN COUNT(CASE WHEN "q4"."c" THEN 1 END) > 0
                THEN TRUE
                WHEN COUNT(CASE WHEN (
                  "q4"."c"
                ) IS NULL THEN 1 END) > 0
                THEN NULL
                ELSE FALSE
              END
            )
          FROM (
            SELECT
              (
                (
                  (
                    "t3"."referral_id"
                  ) <> (
                    "s"."referral_id"
                  )
                )
                AND (
                  (
                    "t3"."date"
                  ) < (
                    "s"."date"
                  )
                )
              )
              AND (
                CASE
                  WHEN (
                    (
                      "s"."date"
                    ) IS NULL
                  ) OR (
                    (
                      "t3"."date"
                    ) IS NULL
                  )
                  THEN NULL
                  WHEN (
                    "t3"."date"
                  ) > (
                    "s"."date"
                  )
                  THEN FALSE
                  ELSE (
                    "t3"."date"
                  ) >= (
                    CAST("s"."date" + INTERVAL (-12) MONTH AS DATE)
                  )
                END
              ) AS c
            FROM "referrals" AS t3
            WHERE
              "t3"."child_id" = (
                "s"."e2"
              )
              AND (
                (
                  COALESCE((
                    (
                      "t3"."referral_id"
                    ) <> (
                      "s"."referral_id"
                    )
                  ), TRUE)
                )
                AND (
                  COALESCE((
                    (
                      "t3"."date"
                    ) < (
                      "s"."date"
                    )
                  ), TRUE)
                )
                AND (
                  COALESCE(
                    (
                      CASE
                        WHEN (
                          (
                            "s"."date"
                          ) IS NULL
                        ) OR (
                          (
                            "t3"."date"
                          ) IS NULL
                        )
                        THEN NULL
                        WHEN (
                          "t3"."date"
                        ) > (
                          "s"."date"
                        )
                        THEN FALSE
                        ELSE (
                          "t3"."date"
                        ) >= (
                          CAST("s"."date" + INTERVAL (-12) MONTH AS DATE)
                        )
                      END
                    ),
                    TRUE
                  )
                )
              )
          ) AS q4
        )
      END AS "e3"
    FROM (
      SELECT
        s.*,
        "j2"."_row" AS "e1",
        "j2"."child_id" AS "e2",
        CASE
          WHEN (
            (
              "s"."date"
            ) IS NULL
          )
          OR (
            (
              CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
            ) IS NULL
          )
          OR (
            (
              CAST('2025-03-31' AS DATE)
            ) IS NULL
          )
          THEN NULL
          ELSE (
            (
              "s"."date"
            ) >= (
              CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
            )
          )
          AND (
            (
              "s"."date"
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
        END AS "e4"
      FROM "referrals" AS s
      LEFT JOIN "children" AS j2
        ON "j2"."child_id" = (
          "s"."child_id"
        )
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- UNALLOCATED-CASES: Every open case has an allocated worker
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'open case waiting for allocation since ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing')
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'no case allocation open at ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing')
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'every allocation open at ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ' names a worker'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    CASE
      WHEN EXISTS(
        SELECT
          1
        FROM "case_allocations" AS t5
        WHERE
          "t5"."child_id" = (
            "s"."child_id"
          )
          AND (
            (
              (
                (
                  "t5"."start_date"
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
              AND (
                (
                  (
                    "t5"."end_date"
                  ) IS NULL
                )
                OR (
                  (
                    "t5"."end_date"
                  ) > (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              )
            )
            AND (
              (
                "t5"."worker_id"
              ) IS NULL
            )
          ) IS NULL
      )
      THEN NULL
      ELSE (
        SELECT
          CASE WHEN COUNT(*) = COUNT("q6"."v") THEN MIN("q6"."v") ELSE NULL END
        FROM (
          SELECT
            "t5"."start_date" AS v
          FROM "case_allocations" AS t5
          WHERE
            (
              "t5"."child_id" = (
                "s"."child_id"
              )
            )
            AND (
              (
                (
                  (
                    "t5"."start_date"
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
                AND (
                  (
                    (
                      "t5"."end_date"
                    ) IS NULL
                  )
                  OR (
                    (
                      "t5"."end_date"
                    ) > (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                )
              )
              AND (
                (
                  "t5"."worker_id"
                ) IS NULL
              )
            )
        ) AS q6
      )
    END AS "r_fail_1",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_1",
    CAST('2025-03-31' AS DATE) AS "r_pass_1"
  FROM (
    SELECT
      s.*,
      (
        SELECT
          NOT (
            CASE
              WHEN COUNT(CASE WHEN "q2"."c" THEN 1 END) > 0
              THEN TRUE
              WHEN COUNT(CASE WHEN (
                "q2"."c"
              ) IS NULL THEN 1 END) > 0
              THEN NULL
              ELSE FALSE
            END
          )
        FROM (
          SELECT
            (
              (
                (
                  "t1"."start_date"
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
              AND (
                (
                  (
                    "t1"."end_date"
                  ) IS NULL
                )
                OR (
                  (
                    "t1"."end_date"
                  ) > (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              )
            )
            AND (
              (
                "t1"."worker_id"
              ) IS NULL
            ) AS c
          FROM "case_allocations" AS t1
          WHERE
            "t1"."child_id" = (
              "s"."child_id"
            )
            AND (
              (
                COALESCE((
                  (
                    "t1"."start_date"
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                ), TRUE)
              )
              AND (
                COALESCE(
                  (
                    (
                      (
                        "t1"."end_date"
                      ) IS NULL
                    )
                    OR (
                      (
                        "t1"."end_date"
                      ) > (
                        CAST('2025-03-31' AS DATE)
                      )
                    )
                  ),
                  TRUE
                )
              )
              AND (
                COALESCE((
                  (
                    "t1"."worker_id"
                  ) IS NULL
                ), TRUE)
              )
            )
        ) AS q2
      ) AS "e1",
      (
        SELECT
          CASE
            WHEN COUNT(CASE WHEN "q4"."c" THEN 1 END) > 0
            THEN TRUE
            WHEN COUNT(CASE WHEN (
              "q4"."c"
            ) IS NULL THEN 1 END) > 0
            THEN NULL
            ELSE FALSE
          END
        FROM (
          SELECT
            (
              (
                "t3"."start_date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
            AND (
              (
                (
                  "t3"."end_date"
                ) IS NULL
              )
              OR (
                (
                  "t3"."end_date"
                ) > (
                  CAST('2025-03-31' AS DATE)
                )
              )
            ) AS c
          FROM "case_allocations" AS t3
          WHERE
            "t3"."child_id" = (
              "s"."child_id"
            )
            AND (
              (
                COALESCE((
                  (
                    "t3"."start_date"
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                ), TRUE)
              )
              AND (
                COALESCE(
                  (
                    (
                      (
                        "t3"."end_date"
                      ) IS NULL
                    )
                    OR (
                      (
                        "t3"."end_date"
                      ) > (
                        CAST('2025-03-31' AS DATE)
                      )
                    )
                  ),
                  TRUE
                )
              )
            )
        ) AS q4
      ) AS "e2"
    FROM "children" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- ALLOCATION-WAIT: Cases waiting for allocation wait no longer than the local standard
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'waiting for allocation from ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' to ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ' working days (limit ' || '5 working days' || ')'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'not waiting for allocation at ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ': worker ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || ', record starts ' || COALESCE(CAST("r_not_applicable_5" AS TEXT), 'missing')
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'waiting for allocation from ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ' to ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_pass_5" AS TEXT), 'missing') || ' working days (limit ' || '5 working days' || ')'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e6"
      )
      THEN CASE
        WHEN (
          "s"."e5"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e5"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e6"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e6" AS "_when",
    "s"."start_date" AS "r_fail_1",
    CASE
      WHEN (
        (
          "s"."e1"
        ) IS NULL
      )
      OR (
        (
          CAST('2025-03-31' AS DATE)
        ) IS NULL
      )
      THEN NULL
      ELSE CASE
        WHEN "s"."e1" IS NULL OR CAST('2025-03-31' AS DATE) IS NULL
        THEN NULL
        ELSE LEAST("s"."e1", CAST('2025-03-31' AS DATE))
      END
    END AS "r_fail_3",
    (
      "s"."e3"
    ) - (
      "s"."e4"
    ) AS "r_fail_5",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_1",
    "s"."worker_id" AS "r_not_applicable_3",
    "s"."start_date" AS "r_not_applicable_5",
    "s"."start_date" AS "r_pass_1",
    CASE
      WHEN (
        (
          "s"."e1"
        ) IS NULL
      )
      OR (
        (
          CAST('2025-03-31' AS DATE)
        ) IS NULL
      )
      THEN NULL
      ELSE CASE
        WHEN "s"."e1" IS NULL OR CAST('2025-03-31' AS DATE) IS NULL
        THEN NULL
        ELSE LEAST("s"."e1", CAST('2025-03-31' AS DATE))
      END
    END AS "r_pass_3",
    (
      "s"."e3"
    ) - (
      "s"."e4"
    ) AS "r_pass_5"
  FROM (
    SELECT
      s.*,
      CASE
        WHEN (
          (
            "s"."start_date"
          ) IS NULL
        ) OR (
          (
            "s"."e2"
          ) IS NULL
        )
        THEN NULL
        WHEN (
          "s"."e2"
        ) < (
          "s"."start_date"
        )
        THEN FALSE
        ELSE (
          "s"."e3" - "s"."e4"
        ) <= 5
      END AS "e5"
    FROM (
      SELECT
        s.*,
        (
          SELECT
            "c2"."wd"
          FROM "cc_calendar" AS c2
          WHERE
            "c2"."d" = (
              "s"."e2"
            )
        ) AS "e3"
      FROM (
        SELECT
          s.*,
          CASE
            WHEN (
              (
                "s"."e1"
              ) IS NULL
            )
            OR (
              (
                CAST('2025-03-31' AS DATE)
              ) IS NULL
            )
            THEN NULL
            ELSE CASE
              WHEN "s"."e1" IS NULL OR CAST('2025-03-31' AS DATE) IS NULL
              THEN NULL
              ELSE LEAST("s"."e1", CAST('2025-03-31' AS DATE))
            END
          END AS "e2"
        FROM (
          SELECT
            s.*,
            COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) AS "e1",
            (
              SELECT
                "c3"."wd"
              FROM "cc_calendar" AS c3
              WHERE
                "c3"."d" = (
                  "s"."start_date"
                )
            ) AS "e4",
            (
              (
                "s"."worker_id"
              ) IS NULL
            )
            AND (
              (
                "s"."start_date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            ) AS "e6"
          FROM "case_allocations" AS s
        ) AS s
      ) AS s
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- CONTACT-MANAGER-OVERSIGHT: Contacts that lead to a referral record a manager's decision
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'contact on ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' led to a referral with no management oversight recorded'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'contact on ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ', outcome ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || ': no referral followed'
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'contact on ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ' led to a referral; management oversight not recorded'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'contact on ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ' led to a referral; management oversight recorded'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."date" AS "r_fail_1",
    "s"."date" AS "r_not_applicable_1",
    "s"."outcome" AS "r_not_applicable_3",
    "s"."date" AS "r_not_evidenced_1",
    "s"."date" AS "r_pass_1"
  FROM (
    SELECT
      s.*,
      (
        "s"."manager_oversight"
      ) = (
        TRUE
      ) AS "e1",
      (
        COALESCE((
          "s"."outcome"
        ) = (
          'referral'
        ), FALSE)
      )
      OR (
        (
          (
            SELECT
              COUNT(*)
            FROM (
              SELECT
                1 AS v
              FROM "referrals" AS t1
              WHERE
                "t1"."contact_id" = (
                  "s"."contact_id"
                )
            ) AS q2
          )
        ) > (
          0
        )
      ) AS "e2"
    FROM "contacts" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- ASSESS-45WD: Assessments are completed within the timescale of the Working Together in force when they started
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'assessment (type ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ', referral ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ') started ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ', authorised ' || COALESCE(CAST("r_fail_7" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_fail_9" AS TEXT), 'missing') || ' working days after the start, ' || COALESCE(CAST("r_fail_11" AS TEXT), 'missing') || ' after the referral (or the start, if none); limits: from 2013-04-15, 45 after the ' || COALESCE(CAST("r_fail_13" AS TEXT), 'missing') || '; before, initial 10 after the referral, core 35 after the start'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'not yet due: assessment (type ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ') started ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || ', open ' || COALESCE(CAST("r_not_applicable_5" AS TEXT), 'missing') || ' working days at ' || COALESCE(CAST("r_not_applicable_7" AS TEXT), 'missing')
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'assessment started ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ' (before the Working Together 2013 switch) with no type recorded: the timescale (initial 10, core 35 working days) cannot be chosen'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'assessment (type ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ', referral ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing') || ') started ' || COALESCE(CAST("r_pass_5" AS TEXT), 'missing') || ', authorised ' || COALESCE(CAST("r_pass_7" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_pass_9" AS TEXT), 'missing') || ' working days after the start, ' || COALESCE(CAST("r_pass_11" AS TEXT), 'missing') || ' after the referral (or the start, if none)'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e8"
      )
      THEN CASE
        WHEN (
          "s"."e7"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e7"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e8"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e8" AS "_when",
    "s"."type" AS "r_fail_1",
    "s"."e4" AS "r_fail_3",
    "s"."start_date" AS "r_fail_5",
    "s"."authorised_date" AS "r_fail_7",
    (
      "s"."e10"
    ) - (
      "s"."e2"
    ) AS "r_fail_9",
    (
      "s"."e10"
    ) - (
      "s"."e6"
    ) AS "r_fail_11",
    'start' AS "r_fail_13",
    "s"."type" AS "r_not_applicable_1",
    "s"."start_date" AS "r_not_applicable_3",
    (
      8908
    ) - (
      "s"."e2"
    ) AS "r_not_applicable_5",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_7",
    "s"."start_date" AS "r_not_evidenced_1",
    "s"."type" AS "r_pass_1",
    "s"."e4" AS "r_pass_3",
    "s"."start_date" AS "r_pass_5",
    "s"."authorised_date" AS "r_pass_7",
    (
      "s"."e1"
    ) - (
      "s"."e2"
    ) AS "r_pass_9",
    (
      "s"."e1"
    ) - (
      "s"."e6"
    ) AS "r_pass_11"
  FROM (
    SELECT
      s.*,
      (
        NOT (
          (
            "s"."authorised_date"
          ) IS NULL
        )
      )
      AND (
        (
          (
            (
              (
                (
                  "s"."start_date"
                ) >= (
                  CAST('2013-04-15' AS DATE)
                )
              )
              OR (
                (
                  "s"."type"
                ) = (
                  'single'
                )
              )
            )
            AND (
              (
                (
                  (
                    'start'
                  ) <> (
                    'referral'
                  )
                )
                AND (
                  CASE
                    WHEN (
                      (
                        "s"."start_date"
                      ) IS NULL
                    )
                    OR (
                      (
                        "s"."authorised_date"
                      ) IS NULL
                    )
                    THEN NULL
                    WHEN (
                      "s"."authorised_date"
                    ) < (
                      "s"."start_date"
                    )
                    THEN FALSE
                    ELSE (
                      "s"."e1" - "s"."e2"
                    ) <= 45
                  END
                )
              )
              OR (
                (
                  (
                    'start'
                  ) = (
                    'referral'
                  )
                )
                AND (
                  CASE
                    WHEN (
                      (
                        "s"."e5"
                      ) IS NULL
                    ) OR (
                      (
                        "s"."authorised_date"
                      ) IS NULL
                    )
                    THEN NULL
                    WHEN (
                      "s"."authorised_date"
                    ) < (
                      "s"."e5"
                    )
                    THEN FALSE
                    ELSE (
                      "s"."e1" - "s"."e6"
                    ) <= 45
                  END
                )
              )
            )
          )
          OR (
            (
              (
                (
                  "s"."start_date"
                ) < (
                  CAST('2013-04-15' AS DATE)
                )
              )
              AND (
                (
                  "s"."type"
                ) = (
                  'initial'
                )
              )
            )
            AND (
              CASE
                WHEN (
                  (
                    "s"."e5"
                  ) IS NULL
                ) OR (
                  (
                    "s"."authorised_date"
                  ) IS NULL
                )
                THEN NULL
                WHEN (
                  "s"."authorised_date"
                ) < (
                  "s"."e5"
                )
                THEN FALSE
                ELSE (
                  "s"."e1" - "s"."e6"
                ) <= 10
              END
            )
          )
        )
        OR (
          (
            (
              (
                "s"."start_date"
              ) < (
                CAST('2013-04-15' AS DATE)
              )
            )
            AND (
              (
                "s"."type"
              ) = (
                'core'
              )
            )
          )
          AND (
            CASE
              WHEN (
                (
                  "s"."start_date"
                ) IS NULL
              )
              OR (
                (
                  "s"."authorised_date"
                ) IS NULL
              )
              THEN NULL
              WHEN (
                "s"."authorised_date"
              ) < (
                "s"."start_date"
              )
              THEN FALSE
              ELSE (
                "s"."e1" - "s"."e2"
              ) <= 35
            END
          )
        )
      ) AS "e7",
      (
        (
          (
            NOT (
              (
                "s"."authorised_date"
              ) IS NULL
            )
          )
          OR (
            (
              (
                'start'
              ) <> (
                'referral'
              )
            )
            AND (
              (
                (
                  8908
                ) - (
                  "s"."e2"
                )
              ) > (
                45
              )
            )
          )
        )
        OR (
          (
            (
              'start'
            ) = (
              'referral'
            )
          )
          AND (
            (
              (
                8908
              ) - (
                "s"."e6"
              )
            ) > (
              45
            )
          )
        )
      )
      OR (
        (
          (
            "s"."start_date"
          ) < (
            CAST('2013-04-15' AS DATE)
          )
        )
        AND (
          (
            (
              (
                "s"."type"
              ) = (
                'initial'
              )
            )
            AND (
              (
                (
                  8908
                ) - (
                  "s"."e6"
                )
              ) > (
                10
              )
            )
          )
          OR (
            (
              (
                "s"."type"
              ) = (
                'core'
              )
            )
            AND (
              (
                (
                  8908
                ) - (
                  "s"."e2"
                )
              ) > (
                35
              )
            )
          )
        )
      ) AS "e8"
    FROM (
      SELECT
        s.*,
        (
          SELECT
            "c5"."wd"
          FROM "cc_calendar" AS c5
          WHERE
            "c5"."d" = (
              "s"."e5"
            )
        ) AS "e6"
      FROM (
        SELECT
          s.*,
          COALESCE("s"."e4", "s"."start_date") AS "e5",
          (
            SELECT
              "c10"."wd"
            FROM "cc_calendar" AS c10
            WHERE
              "c10"."d" = (
                "s"."e9"
              )
          ) AS "e10"
        FROM (
          SELECT
            s.*,
            (
              SELECT
                "c1"."wd"
              FROM "cc_calendar" AS c1
              WHERE
                "c1"."d" = (
                  "s"."authorised_date"
                )
            ) AS "e1",
            (
              SELECT
                "c2"."wd"
              FROM "cc_calendar" AS c2
              WHERE
                "c2"."d" = (
                  "s"."start_date"
                )
            ) AS "e2",
            "j4"."_row" AS "e3",
            "j4"."date" AS "e4",
            COALESCE("s"."authorised_date", CAST('2025-03-31' AS DATE)) AS "e9"
          FROM "assessments" AS s
          LEFT JOIN "referrals" AS j4
            ON "j4"."referral_id" = (
              "s"."referral_id"
            )
        ) AS s
      ) AS s
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- ASSESS-CHILD-SEEN: The child is seen during the assessment
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'assessment started ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ', authorised ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ': child not seen'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'assessment started ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ' is open at ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || ' and does not yet record whether the child was seen'
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'assessment authorised ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ': whether the child was seen is not recorded'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'assessment authorised ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ': child seen'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."start_date" AS "r_fail_1",
    "s"."authorised_date" AS "r_fail_3",
    "s"."start_date" AS "r_not_applicable_1",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_3",
    "s"."authorised_date" AS "r_not_evidenced_1",
    "s"."authorised_date" AS "r_pass_1"
  FROM (
    SELECT
      s.*,
      (
        "s"."child_seen"
      ) = (
        TRUE
      ) AS "e1",
      (
        NOT (
          (
            "s"."authorised_date"
          ) IS NULL
        )
      )
      OR (
        NOT (
          (
            "s"."child_seen"
          ) IS NULL
        )
      ) AS "e2"
    FROM "assessments" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- ASSESS-SEEN-ALONE: The child is seen alone during the assessment
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'assessment started ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ', authorised ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ': child not seen alone (child seen: ' || COALESCE(
      CASE WHEN "r_fail_5" THEN 'true' WHEN NOT (
        "r_fail_5"
      ) THEN 'false' END,
      'missing'
    ) || ')'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'assessment started ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ' is open at ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || ' and does not yet record whether the child was seen alone'
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'assessment authorised ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ': whether the child was seen alone is not recorded'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'assessment authorised ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ': child seen alone'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."start_date" AS "r_fail_1",
    "s"."authorised_date" AS "r_fail_3",
    "s"."child_seen" AS "r_fail_5",
    "s"."start_date" AS "r_not_applicable_1",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_3",
    "s"."authorised_date" AS "r_not_evidenced_1",
    "s"."authorised_date" AS "r_pass_1"
  FROM (
    SELECT
      s.*,
      (
        "s"."child_seen_alone"
      ) = (
        TRUE
      ) AS "e1",
      (
        NOT (
          (
            "s"."authorised_date"
          ) IS NULL
        )
      )
      OR (
        NOT (
          (
            "s"."child_seen_alone"
          ) IS NULL
        )
      ) AS "e2"
    FROM "assessments" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- ASSESS-QUALIFIED-WORKER: Assessments are carried out by a qualified social worker
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'assessment started ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' by worker ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ', who is not a qualified social worker (role ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ')'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'assessment started ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ': worker ' || COALESCE(CAST("r_not_evidenced_3" AS TEXT), 'missing') || ', qualification ' || COALESCE(
      CASE
        WHEN "r_not_evidenced_5"
        THEN 'true'
        WHEN NOT (
          "r_not_evidenced_5"
        )
        THEN 'false'
      END,
      'missing'
    ) || ' (not recorded)'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'assessment started ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ' by worker ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing') || ', a qualified social worker (role ' || COALESCE(CAST("r_pass_5" AS TEXT), 'missing') || ')'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e3"
      )
      THEN 'pass'
      WHEN NOT (
        "s"."e3"
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."start_date" AS "r_fail_1",
    "s"."worker_id" AS "r_fail_3",
    "s"."e4" AS "r_fail_5",
    "s"."start_date" AS "r_not_evidenced_1",
    "s"."worker_id" AS "r_not_evidenced_3",
    "s"."e2" AS "r_not_evidenced_5",
    "s"."start_date" AS "r_pass_1",
    "s"."worker_id" AS "r_pass_3",
    "s"."e4" AS "r_pass_5"
  FROM (
    SELECT
      s.*,
      (
        "s"."e2"
      ) = (
        TRUE
      ) AS "e3"
    FROM (
      SELECT
        s.*,
        "j2"."_row" AS "e1",
        "j2"."qualified" AS "e2",
        "j2"."role" AS "e4"
      FROM "assessments" AS s
      LEFT JOIN "social_workers" AS j2
        ON "j2"."worker_id" = (
          "s"."worker_id"
        )
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- S47-STRATEGY-FIRST: A strategy discussion is held before every section 47 enquiry
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'section 47 enquiry started ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' with no strategy discussion in the ' || '15 working days' || ' up to it (linked discussion ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || '; the child''s latest discussion on or before the start ' || COALESCE(CAST("r_fail_7" AS TEXT), 'missing') || ')'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'section 47 enquiry started ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ': child ' || COALESCE(CAST("r_not_evidenced_3" AS TEXT), 'missing') || ' is not in the children table and no strategy discussion is linked'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'section 47 enquiry started ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || '; strategy discussion on ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing')
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e6"
      )
      THEN 'pass'
      WHEN NOT (
        "s"."e6"
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."start_date" AS "r_fail_1",
    "s"."e2" AS "r_fail_5",
    CASE
      WHEN (
        (
          "s"."e3"
        ) IS NULL
      )
      OR (
        EXISTS(
          SELECT
            1
          FROM "strategy_discussions" AS t11
          WHERE
            "t11"."child_id" = (
              "s"."e4"
            )
            AND (
              (
                "t11"."date"
              ) <= (
                "s"."start_date"
              )
            ) IS NULL
        )
      )
      THEN NULL
      ELSE (
        SELECT
          CASE WHEN COUNT(*) = COUNT("q12"."v") THEN MAX("q12"."v") ELSE NULL END
        FROM (
          SELECT
            "t11"."date" AS v
          FROM "strategy_discussions" AS t11
          WHERE
            (
              "t11"."child_id" = (
                "s"."e4"
              )
            )
            AND (
              (
                "t11"."date"
              ) <= (
                "s"."start_date"
              )
            )
        ) AS q12
      )
    END AS "r_fail_7",
    "s"."start_date" AS "r_not_evidenced_1",
    "s"."child_id" AS "r_not_evidenced_3",
    "s"."start_date" AS "r_pass_1",
    COALESCE(
      CASE
        WHEN (
          (
            "s"."e3"
          ) IS NULL
        )
        OR (
          EXISTS(
            SELECT
              1
            FROM "strategy_discussions" AS t14
            WHERE
              "t14"."child_id" = (
                "s"."e4"
              )
              AND (
                (
                  "t14"."date"
                ) <= (
                  "s"."start_date"
                )
              ) IS NULL
          )
        )
        THEN NULL
        ELSE (
          SELECT
            CASE WHEN COUNT(*) = COUNT("q15"."v") THEN MAX("q15"."v") ELSE NULL END
          FROM (
            SELECT
              "t14"."date" AS v
            FROM "strategy_discussions" AS t14
            WHERE
              (
                "t14"."child_id" = (
                  "s"."e4"
                )
              )
              AND (
                (
                  "t14"."date"
                ) <= (
                  "s"."start_date"
                )
              )
          ) AS q15
        )
      END,
      "s"."e2"
    ) AS "r_pass_3"
  FROM (
    SELECT
      s.*,
      (
        COALESCE((
          "s"."e2"
        ) <= (
          "s"."start_date"
        ), FALSE)
      )
      OR (
        CASE
          WHEN (
            "s"."e3"
          ) IS NULL
          THEN NULL
          ELSE (
            SELECT
              CASE
                WHEN COUNT(CASE WHEN "q8"."c" THEN 1 END) > 0
                THEN TRUE
                WHEN COUNT(CASE WHEN (
                  "q8"."c"
                ) IS NULL THEN 1 END) > 0
                THEN NULL
                ELSE FALSE
              END
            FROM (
              SELECT
                CASE
                  WHEN (
                    (
                      "s"."start_date"
                    ) IS NULL
                  ) OR (
                    (
                      "t5"."date"
                    ) IS NULL
                  )
                  THEN NULL
                  WHEN (
                    "t5"."date"
                  ) > (
                    "s"."start_date"
                  )
                  THEN FALSE
                  ELSE (
                    "s"."e5" - (
                      SELECT
                        "c7"."wd"
                      FROM "cc_calendar" AS c7
                      WHERE
                        "c7"."d" = (
                          "t5"."date"
                        )
                    )
                  ) <= 15
                END AS c
              FROM "strategy_discussions" AS t5
              WHERE
                "t5"."child_id" = (
                  "s"."e4"
                )
            ) AS q8
          )
        END
      ) AS "e6"
    FROM (
      SELECT
        s.*,
        "j2"."_row" AS "e1",
        "j2"."date" AS "e2",
        "j4"."_row" AS "e3",
        "j4"."child_id" AS "e4",
        (
          SELECT
            "c6"."wd"
          FROM "cc_calendar" AS c6
          WHERE
            "c6"."d" = (
              "s"."start_date"
            )
        ) AS "e5"
      FROM "s47_enquiries" AS s
      LEFT JOIN "strategy_discussions" AS j2
        ON "j2"."strategy_id" = (
          "s"."strategy_id"
        )
      LEFT JOIN "children" AS j4
        ON "j4"."child_id" = (
          "s"."child_id"
        )
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- STRATEGY-POLICE-HEALTH: Police and health take part in strategy discussions
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'strategy discussion on ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ': police attended ' || COALESCE(
      CASE WHEN "r_fail_3" THEN 'true' WHEN NOT (
        "r_fail_3"
      ) THEN 'false' END,
      'missing'
    ) || ', health attended ' || COALESCE(
      CASE WHEN "r_fail_5" THEN 'true' WHEN NOT (
        "r_fail_5"
      ) THEN 'false' END,
      'missing'
    ) || ' (health required from 2013-04-15)'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'strategy discussion on ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ': police attended ' || COALESCE(
      CASE
        WHEN "r_not_evidenced_3"
        THEN 'true'
        WHEN NOT (
          "r_not_evidenced_3"
        )
        THEN 'false'
      END,
      'missing'
    ) || ', health attended ' || COALESCE(
      CASE
        WHEN "r_not_evidenced_5"
        THEN 'true'
        WHEN NOT (
          "r_not_evidenced_5"
        )
        THEN 'false'
      END,
      'missing'
    ) || ' (not recorded)'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'strategy discussion on ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ': police attended ' || COALESCE(
      CASE WHEN "r_pass_3" THEN 'true' WHEN NOT (
        "r_pass_3"
      ) THEN 'false' END,
      'missing'
    ) || ', health attended ' || COALESCE(
      CASE WHEN "r_pass_5" THEN 'true' WHEN NOT (
        "r_pass_5"
      ) THEN 'false' END,
      'missing'
    )
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e1"
      )
      THEN 'pass'
      WHEN NOT (
        "s"."e1"
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."date" AS "r_fail_1",
    "s"."police_attended" AS "r_fail_3",
    "s"."health_attended" AS "r_fail_5",
    "s"."date" AS "r_not_evidenced_1",
    "s"."police_attended" AS "r_not_evidenced_3",
    "s"."health_attended" AS "r_not_evidenced_5",
    "s"."date" AS "r_pass_1",
    "s"."police_attended" AS "r_pass_3",
    "s"."health_attended" AS "r_pass_5"
  FROM (
    SELECT
      s.*,
      (
        (
          "s"."police_attended"
        ) = (
          TRUE
        )
      )
      AND (
        (
          (
            "s"."date"
          ) < (
            CAST('2013-04-15' AS DATE)
          )
        )
        OR (
          (
            "s"."health_attended"
          ) = (
            TRUE
          )
        )
      ) AS "e1"
    FROM "strategy_discussions" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- STRATEGY-TIMELY: Strategy discussions are held promptly after the referral
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'referral ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ', strategy discussion ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ' working days after the referral (standard ' || '3 working days' || '; a negative count is a discussion recorded before its referral)'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'strategy discussion ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ': no referral linked (' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || '), or after ' || COALESCE(CAST("r_not_applicable_5" AS TEXT), 'missing')
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'strategy discussion ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ': referral ' || COALESCE(CAST("r_not_evidenced_3" AS TEXT), 'missing') || ' is not in the referrals table, so its date is not known'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'referral ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ', strategy discussion ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_pass_5" AS TEXT), 'missing') || ' working days (standard ' || '3 working days' || ')'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e6"
      )
      THEN CASE
        WHEN (
          "s"."e5"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e5"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e6"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e6" AS "_when",
    "s"."e2" AS "r_fail_1",
    "s"."date" AS "r_fail_3",
    (
      "s"."e3"
    ) - (
      "s"."e4"
    ) AS "r_fail_5",
    "s"."date" AS "r_not_applicable_1",
    "s"."referral_id" AS "r_not_applicable_3",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_5",
    "s"."date" AS "r_not_evidenced_1",
    "s"."referral_id" AS "r_not_evidenced_3",
    "s"."e2" AS "r_pass_1",
    "s"."date" AS "r_pass_3",
    (
      "s"."e3"
    ) - (
      "s"."e4"
    ) AS "r_pass_5"
  FROM (
    SELECT
      s.*,
      CASE
        WHEN (
          (
            "s"."e2"
          ) IS NULL
        ) OR (
          (
            "s"."date"
          ) IS NULL
        )
        THEN NULL
        WHEN (
          "s"."date"
        ) < (
          "s"."e2"
        )
        THEN FALSE
        ELSE (
          "s"."e3" - "s"."e4"
        ) <= 3
      END AS "e5"
    FROM (
      SELECT
        s.*,
        (
          SELECT
            "c4"."wd"
          FROM "cc_calendar" AS c4
          WHERE
            "c4"."d" = (
              "s"."e2"
            )
        ) AS "e4"
      FROM (
        SELECT
          s.*,
          "j2"."_row" AS "e1",
          "j2"."date" AS "e2",
          (
            SELECT
              "c3"."wd"
            FROM "cc_calendar" AS c3
            WHERE
              "c3"."d" = (
                "s"."date"
              )
          ) AS "e3",
          (
            NOT (
              (
                "s"."referral_id"
              ) IS NULL
            )
          )
          AND (
            (
              "s"."date"
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          ) AS "e6"
        FROM "strategy_discussions" AS s
        LEFT JOIN "referrals" AS j2
          ON "j2"."referral_id" = (
            "s"."referral_id"
          )
      ) AS s
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- ICPC-15WD: Initial child protection conferences are held within 15 working days of the strategy discussion
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'ICPC ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ' working days after ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ' (limit 15)'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'ICPC not required (' || COALESCE(
      CASE
        WHEN "r_not_applicable_1"
        THEN 'true'
        WHEN NOT (
          "r_not_applicable_1"
        )
        THEN 'false'
      END,
      'missing'
    ) || '), or not yet due: ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || ' working days since ' || COALESCE(CAST("r_not_applicable_5" AS TEXT), 'missing')
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'ICPC ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing') || ' working days after ' || COALESCE(CAST("r_pass_5" AS TEXT), 'missing') || ' (limit 15)'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e7"
      )
      THEN CASE
        WHEN (
          "s"."e6"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e6"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e7"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e7" AS "_when",
    "s"."icpc_date" AS "r_fail_1",
    (
      "s"."e9"
    ) - (
      "s"."e5"
    ) AS "r_fail_3",
    COALESCE("s"."e2", "s"."start_date") AS "r_fail_5",
    "s"."icpc_not_required" AS "r_not_applicable_1",
    (
      8908
    ) - (
      "s"."e5"
    ) AS "r_not_applicable_3",
    COALESCE("s"."e2", "s"."start_date") AS "r_not_applicable_5",
    "s"."icpc_date" AS "r_pass_1",
    (
      "s"."e4"
    ) - (
      "s"."e5"
    ) AS "r_pass_3",
    COALESCE("s"."e2", "s"."start_date") AS "r_pass_5"
  FROM (
    SELECT
      s.*,
      (
        NOT (
          (
            "s"."icpc_date"
          ) IS NULL
        )
      )
      AND (
        CASE
          WHEN (
            (
              "s"."e3"
            ) IS NULL
          ) OR (
            (
              "s"."icpc_date"
            ) IS NULL
          )
          THEN NULL
          WHEN (
            "s"."icpc_date"
          ) < (
            "s"."e3"
          )
          THEN FALSE
          ELSE (
            "s"."e4" - "s"."e5"
          ) <= 15
        END
      ) AS "e6",
      (
        NOT (
          COALESCE("s"."icpc_not_required", FALSE)
        )
      )
      AND (
        (
          NOT (
            (
              "s"."icpc_date"
            ) IS NULL
          )
        )
        OR (
          (
            (
              8908
            ) - (
              "s"."e5"
            )
          ) > (
            15
          )
        )
      ) AS "e7"
    FROM (
      SELECT
        s.*,
        (
          SELECT
            "c4"."wd"
          FROM "cc_calendar" AS c4
          WHERE
            "c4"."d" = (
              "s"."e3"
            )
        ) AS "e5"
      FROM (
        SELECT
          s.*,
          COALESCE("s"."e2", "s"."start_date") AS "e3",
          (
            SELECT
              "c7"."wd"
            FROM "cc_calendar" AS c7
            WHERE
              "c7"."d" = (
                "s"."e8"
              )
          ) AS "e9"
        FROM (
          SELECT
            s.*,
            "j2"."_row" AS "e1",
            "j2"."date" AS "e2",
            (
              SELECT
                "c3"."wd"
              FROM "cc_calendar" AS c3
              WHERE
                "c3"."d" = (
                  "s"."icpc_date"
                )
            ) AS "e4",
            COALESCE("s"."icpc_date", CAST('2025-03-31' AS DATE)) AS "e8"
          FROM "s47_enquiries" AS s
          LEFT JOIN "strategy_discussions" AS j2
            ON "j2"."strategy_id" = (
              "s"."strategy_id"
            )
        ) AS s
      ) AS s
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- S47-CORE-ASSESSMENT: Every section 47 enquiry is carried out through an assessment of the child
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'section 47 enquiry ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' to ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ': no assessment of the child started by then and still open at its start (the child''s assessments: started ' || "t_fail_5" || ', authorised ' || "t_fail_7" || ', types ' || "t_fail_9" || '; an enquiry started before 2013-04-15 needs a core assessment)'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'section 47 enquiry started ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ': after ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || ', or still under way with no assessment yet (' || COALESCE(CAST("r_not_applicable_5" AS TEXT), 'missing') || ' working days; due after 15)'
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'section 47 enquiry started ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ': child ' || COALESCE(CAST("r_not_evidenced_3" AS TEXT), 'missing') || ' is not in the children table, or an assessment''s type is not recorded (types ' || "t_not_evidenced_5" || ')'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'section 47 enquiry started ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ' (ended ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing') || '): assessment of the child under way (assessments started ' || "t_pass_5" || ')'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e5"
      )
      THEN CASE
        WHEN (
          "s"."e3"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e3"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e5"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e5" AS "_when",
    "s"."start_date" AS "r_fail_1",
    COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) AS "r_fail_3",
    CASE
      WHEN (
        "s"."e1"
      ) IS NULL
      THEN 'missing'
      ELSE (
        SELECT
          '[' || COALESCE(ARRAY_TO_STRING(LIST_SLICE(ARRAY_AGG(q14.t ORDER BY q14.o), 1, 6), ', '), '') || CASE
            WHEN COUNT(*) > 6
            THEN ', ... (' || CAST(COUNT(*) AS TEXT) || ' in all)'
            ELSE ''
          END || ']'
        FROM (
          SELECT
            COALESCE(CAST("t13"."start_date" AS TEXT), 'missing') AS t,
            "t13"."_row" AS o
          FROM "assessments" AS t13
          WHERE
            "t13"."child_id" = (
              "s"."e2"
            )
        ) AS q14
      )
    END AS "t_fail_5",
    CASE
      WHEN (
        "s"."e1"
      ) IS NULL
      THEN 'missing'
      ELSE (
        SELECT
          '[' || COALESCE(ARRAY_TO_STRING(LIST_SLICE(ARRAY_AGG(q17.t ORDER BY q17.o), 1, 6), ', '), '') || CASE
            WHEN COUNT(*) > 6
            THEN ', ... (' || CAST(COUNT(*) AS TEXT) || ' in all)'
            ELSE ''
          END || ']'
        FROM (
          SELECT
            COALESCE(CAST("t16"."authorised_date" AS TEXT), 'missing') AS t,
            "t16"."_row" AS o
          FROM "assessments" AS t16
          WHERE
            "t16"."child_id" = (
              "s"."e2"
            )
        ) AS q17
      )
    END AS "t_fail_7",
    CASE
      WHEN (
        "s"."e1"
      ) IS NULL
      THEN 'missing'
      ELSE (
        SELECT
          '[' || COALESCE(ARRAY_TO_STRING(LIST_SLICE(ARRAY_AGG(q20.t ORDER BY q20.o), 1, 6), ', '), '') || CASE
            WHEN COUNT(*) > 6
            THEN ', ... (' || CAST(COUNT(*) AS TEXT) || ' in all)'
            ELSE ''
          END || ']'
        FROM (
          SELECT
            COALESCE(CAST("t19"."type" AS TEXT), 'missing') AS t,
            "t19"."_row" AS o
          FROM "assessments" AS t19
          WHERE
            "t19"."child_id" = (
              "s"."e2"
            )
        ) AS q20
      )
    END AS "t_fail_9",
    "s"."start_date" AS "r_not_applicable_1",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_3",
    (
      8908
    ) - (
      "s"."e4"
    ) AS "r_not_applicable_5",
    "s"."start_date" AS "r_not_evidenced_1",
    "s"."child_id" AS "r_not_evidenced_3",
    CASE
      WHEN (
        "s"."e1"
      ) IS NULL
      THEN 'missing'
      ELSE (
        SELECT
          '[' || COALESCE(ARRAY_TO_STRING(LIST_SLICE(ARRAY_AGG(q23.t ORDER BY q23.o), 1, 6), ', '), '') || CASE
            WHEN COUNT(*) > 6
            THEN ', ... (' || CAST(COUNT(*) AS TEXT) || ' in all)'
            ELSE ''
          END || ']'
        FROM (
          SELECT
            COALESCE(CAST("t22"."type" AS TEXT), 'missing') AS t,
            "t22"."_row" AS o
          FROM "assessments" AS t22
          WHERE
            "t22"."child_id" = (
              "s"."e2"
            )
        ) AS q23
      )
    END AS "t_not_evidenced_5",
    "s"."start_date" AS "r_pass_1",
    "s"."end_date" AS "r_pass_3",
    CASE
      WHEN (
        (
          "s"."e1"
        ) IS NULL
      )
      OR (
        EXISTS(
          SELECT
            1
          FROM "assessments" AS t25
          WHERE
            "t25"."child_id" = (
              "s"."e2"
            )
            AND (
              (
                "t25"."start_date"
              ) <= (
                CASE
                  WHEN (
                    (
                      COALESCE("s"."end_date", CAST('2025-03-31' AS DATE))
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST('2025-03-31' AS DATE)
                    ) IS NULL
                  )
                  THEN NULL
                  ELSE CASE
                    WHEN COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) IS NULL
                    OR CAST('2025-03-31' AS DATE) IS NULL
                    THEN NULL
                    ELSE LEAST(COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
                  END
                END
              )
            ) IS NULL
        )
      )
      THEN 'missing'
      ELSE (
        SELECT
          '[' || COALESCE(ARRAY_TO_STRING(LIST_SLICE(ARRAY_AGG(q27.t ORDER BY q27.o), 1, 6), ', '), '') || CASE
            WHEN COUNT(*) > 6
            THEN ', ... (' || CAST(COUNT(*) AS TEXT) || ' in all)'
            ELSE ''
          END || ']'
        FROM (
          SELECT
            COALESCE(CAST("t25"."start_date" AS TEXT), 'missing') AS t,
            "t25"."_row" AS o
          FROM "assessments" AS t25
          WHERE
            (
              "t25"."child_id" = (
                "s"."e2"
              )
            )
            AND (
              (
                "t25"."start_date"
              ) <= (
                CASE
                  WHEN (
                    (
                      COALESCE("s"."end_date", CAST('2025-03-31' AS DATE))
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST('2025-03-31' AS DATE)
                    ) IS NULL
                  )
                  THEN NULL
                  ELSE CASE
                    WHEN COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) IS NULL
                    OR CAST('2025-03-31' AS DATE) IS NULL
                    THEN NULL
                    ELSE LEAST(COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
                  END
                END
              )
            )
        ) AS q27
      )
    END AS "t_pass_5"
  FROM (
    SELECT
      s.*,
      CASE
        WHEN (
          "s"."e1"
        ) IS NULL
        THEN NULL
        ELSE (
          SELECT
            CASE
              WHEN COUNT(CASE WHEN "q6"."c" THEN 1 END) > 0
              THEN TRUE
              WHEN COUNT(CASE WHEN (
                "q6"."c"
              ) IS NULL THEN 1 END) > 0
              THEN NULL
              ELSE FALSE
            END
          FROM (
            SELECT
              (
                (
                  (
                    (
                      "t3"."start_date"
                    ) <= (
                      "s"."start_date"
                    )
                  )
                  OR (
                    (
                      "t3"."start_date"
                    ) <= (
                      CASE
                        WHEN (
                          (
                            COALESCE("s"."end_date", CAST('2025-03-31' AS DATE))
                          ) IS NULL
                        )
                        OR (
                          (
                            CAST('2025-03-31' AS DATE)
                          ) IS NULL
                        )
                        THEN NULL
                        ELSE CASE
                          WHEN COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) IS NULL
                          OR CAST('2025-03-31' AS DATE) IS NULL
                          THEN NULL
                          ELSE LEAST(COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
                        END
                      END
                    )
                  )
                )
                AND (
                  (
                    (
                      "t3"."authorised_date"
                    ) IS NULL
                  )
                  OR (
                    (
                      "t3"."authorised_date"
                    ) >= (
                      "s"."start_date"
                    )
                  )
                )
              )
              AND (
                (
                  (
                    "s"."start_date"
                  ) >= (
                    CAST('2013-04-15' AS DATE)
                  )
                )
                OR (
                  CASE
                    WHEN (
                      "t3"."type"
                    ) IS NULL
                    THEN NULL
                    ELSE (
                      "t3"."type"
                    ) IN ('core', 'single')
                  END
                )
              ) AS c
            FROM "assessments" AS t3
            WHERE
              "t3"."child_id" = (
                "s"."e2"
              )
              AND (
                (
                  COALESCE(
                    (
                      (
                        (
                          "t3"."start_date"
                        ) <= (
                          "s"."start_date"
                        )
                      )
                      OR (
                        (
                          "t3"."start_date"
                        ) <= (
                          CASE
                            WHEN (
                              (
                                COALESCE("s"."end_date", CAST('2025-03-31' AS DATE))
                              ) IS NULL
                            )
                            OR (
                              (
                                CAST('2025-03-31' AS DATE)
                              ) IS NULL
                            )
                            THEN NULL
                            ELSE CASE
                              WHEN COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) IS NULL
                              OR CAST('2025-03-31' AS DATE) IS NULL
                              THEN NULL
                              ELSE LEAST(COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
                            END
                          END
                        )
                      )
                    ),
                    TRUE
                  )
                )
                AND (
                  COALESCE(
                    (
                      (
                        (
                          "t3"."authorised_date"
                        ) IS NULL
                      )
                      OR (
                        (
                          "t3"."authorised_date"
                        ) >= (
                          "s"."start_date"
                        )
                      )
                    ),
                    TRUE
                  )
                )
                AND (
                  COALESCE(
                    (
                      (
                        (
                          "s"."start_date"
                        ) >= (
                          CAST('2013-04-15' AS DATE)
                        )
                      )
                      OR (
                        CASE
                          WHEN (
                            "t3"."type"
                          ) IS NULL
                          THEN NULL
                          ELSE (
                            "t3"."type"
                          ) IN ('core', 'single')
                        END
                      )
                    ),
                    TRUE
                  )
                )
              )
          ) AS q6
        )
      END AS "e3",
      (
        (
          "s"."start_date"
        ) <= (
          CAST('2025-03-31' AS DATE)
        )
      )
      AND (
        (
          (
            NOT (
              (
                "s"."end_date"
              ) IS NULL
            )
          )
          OR (
            (
              (
                8908
              ) - (
                "s"."e4"
              )
            ) > (
              15
            )
          )
        )
        OR (
          CASE
            WHEN (
              "s"."e1"
            ) IS NULL
            THEN NULL
            ELSE (
              SELECT
                CASE
                  WHEN COUNT(CASE WHEN "q11"."c" THEN 1 END) > 0
                  THEN TRUE
                  WHEN COUNT(CASE WHEN (
                    "q11"."c"
                  ) IS NULL THEN 1 END) > 0
                  THEN NULL
                  ELSE FALSE
                END
              FROM (
                SELECT
                  (
                    (
                      (
                        "t9"."start_date"
                      ) <= (
                        CAST('2025-03-31' AS DATE)
                      )
                    )
                    AND (
                      (
                        (
                          "t9"."authorised_date"
                        ) IS NULL
                      )
                      OR (
                        (
                          "t9"."authorised_date"
                        ) >= (
                          "s"."start_date"
                        )
                      )
                    )
                  )
                  AND (
                    (
                      (
                        "s"."start_date"
                      ) >= (
                        CAST('2013-04-15' AS DATE)
                      )
                    )
                    OR (
                      CASE
                        WHEN (
                          "t9"."type"
                        ) IS NULL
                        THEN NULL
                        ELSE (
                          "t9"."type"
                        ) IN ('core', 'single')
                      END
                    )
                  ) AS c
                FROM "assessments" AS t9
                WHERE
                  "t9"."child_id" = (
                    "s"."e2"
                  )
                  AND (
                    (
                      COALESCE((
                        (
                          "t9"."start_date"
                        ) <= (
                          CAST('2025-03-31' AS DATE)
                        )
                      ), TRUE)
                    )
                    AND (
                      COALESCE(
                        (
                          (
                            (
                              "t9"."authorised_date"
                            ) IS NULL
                          )
                          OR (
                            (
                              "t9"."authorised_date"
                            ) >= (
                              "s"."start_date"
                            )
                          )
                        ),
                        TRUE
                      )
                    )
                    AND (
                      COALESCE(
                        (
                          (
                            (
                              "s"."start_date"
                            ) >= (
                              CAST('2013-04-15' AS DATE)
                            )
                          )
                          OR (
                            CASE
                              WHEN (
                                "t9"."type"
                              ) IS NULL
                              THEN NULL
                              ELSE (
                                "t9"."type"
                              ) IN ('core', 'single')
                            END
                          )
                        ),
                        TRUE
                      )
                    )
                  )
              ) AS q11
            )
          END
        )
      ) AS "e5"
    FROM (
      SELECT
        s.*,
        "j2"."_row" AS "e1",
        "j2"."child_id" AS "e2",
        (
          SELECT
            "c7"."wd"
          FROM "cc_calendar" AS c7
          WHERE
            "c7"."d" = (
              "s"."start_date"
            )
        ) AS "e4"
      FROM "s47_enquiries" AS s
      LEFT JOIN "children" AS j2
        ON "j2"."child_id" = (
          "s"."child_id"
        )
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- CORE-GROUP-10WD: The first core group meets within 10 working days of the initial conference
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'initial conference ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ', first core group ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ' working days (limit 10)'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN COALESCE(CAST("r_not_applicable_0" AS TEXT), 'missing') || ' conference on ' || COALESCE(CAST("r_not_applicable_2" AS TEXT), 'missing') || ', plan made ' || COALESCE(
      CASE
        WHEN "r_not_applicable_4"
        THEN 'true'
        WHEN NOT (
          "r_not_applicable_4"
        )
        THEN 'false'
      END,
      'missing'
    ) || ' (plan ' || COALESCE(CAST("r_not_applicable_6" AS TEXT), 'missing') || '): no core group due yet or none needed'
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'initial conference ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ', first core group ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_pass_5" AS TEXT), 'missing') || ' working days (limit 10)'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e4"
      )
      THEN CASE
        WHEN (
          "s"."e3"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e3"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e4"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e4" AS "_when",
    "s"."date" AS "r_fail_1",
    "s"."first_core_group_date" AS "r_fail_3",
    (
      "s"."e6"
    ) - (
      "s"."e2"
    ) AS "r_fail_5",
    "s"."type" AS "r_not_applicable_0",
    "s"."date" AS "r_not_applicable_2",
    "s"."plan_made" AS "r_not_applicable_4",
    "s"."plan_id" AS "r_not_applicable_6",
    "s"."date" AS "r_pass_1",
    "s"."first_core_group_date" AS "r_pass_3",
    (
      "s"."e1"
    ) - (
      "s"."e2"
    ) AS "r_pass_5"
  FROM (
    SELECT
      s.*,
      (
        NOT (
          (
            "s"."first_core_group_date"
          ) IS NULL
        )
      )
      AND (
        CASE
          WHEN (
            (
              "s"."date"
            ) IS NULL
          )
          OR (
            (
              "s"."first_core_group_date"
            ) IS NULL
          )
          THEN NULL
          WHEN (
            "s"."first_core_group_date"
          ) < (
            "s"."date"
          )
          THEN FALSE
          ELSE (
            "s"."e1" - "s"."e2"
          ) <= 10
        END
      ) AS "e3",
      (
        (
          (
            "s"."type"
          ) = (
            'initial'
          )
        )
        AND (
          COALESCE("s"."plan_made", NOT (
            (
              "s"."plan_id"
            ) IS NULL
          ))
        )
      )
      AND (
        (
          NOT (
            (
              "s"."first_core_group_date"
            ) IS NULL
          )
        )
        OR (
          (
            (
              8908
            ) - (
              "s"."e2"
            )
          ) > (
            10
          )
        )
      ) AS "e4",
      (
        SELECT
          "c3"."wd"
        FROM "cc_calendar" AS c3
        WHERE
          "c3"."d" = (
            "s"."e5"
          )
      ) AS "e6"
    FROM (
      SELECT
        s.*,
        (
          SELECT
            "c1"."wd"
          FROM "cc_calendar" AS c1
          WHERE
            "c1"."d" = (
              "s"."first_core_group_date"
            )
        ) AS "e1",
        (
          SELECT
            "c2"."wd"
          FROM "cc_calendar" AS c2
          WHERE
            "c2"."d" = (
              "s"."date"
            )
        ) AS "e2",
        COALESCE("s"."first_core_group_date", CAST('2025-03-31' AS DATE)) AS "e5"
      FROM "cp_conferences" AS s
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- CP-REVIEW-TIMELY: Child protection review conferences are on time
SELECT
  *,
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'plan starts ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ', after ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing')
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'plan started ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ', review conferences held ' || "t_pass_3" || ': none overdue up to ' || COALESCE(CAST("r_pass_5" AS TEXT), 'missing') || ' (3 months, then 6-monthly)'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e6"
      )
      THEN CASE
        WHEN (
          "s"."e5"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e5"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e6"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e6" AS "_when",
    "s"."start_date" AS "r_not_applicable_1",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_3",
    "s"."start_date" AS "r_pass_1",
    CASE
      WHEN EXISTS(
        SELECT
          1
        FROM "cp_conferences" AS t6
        WHERE
          "t6"."plan_id" = (
            "s"."plan_id"
          )
          AND (
            (
              (
                (
                  "t6"."type"
                ) = (
                  'review'
                )
              )
              AND (
                (
                  "t6"."date"
                ) >= (
                  "s"."start_date"
                )
              )
            )
            AND (
              (
                "t6"."date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
          ) IS NULL
      )
      THEN 'missing'
      ELSE (
        SELECT
          '[' || COALESCE(ARRAY_TO_STRING(LIST_SLICE(ARRAY_AGG(q7.t ORDER BY q7.o), 1, 6), ', '), '') || CASE
            WHEN COUNT(*) > 6
            THEN ', ... (' || CAST(COUNT(*) AS TEXT) || ' in all)'
            ELSE ''
          END || ']'
        FROM (
          SELECT
            COALESCE(CAST("t6"."date" AS TEXT), 'missing') AS t,
            "t6"."_row" AS o
          FROM "cp_conferences" AS t6
          WHERE
            (
              "t6"."plan_id" = (
                "s"."plan_id"
              )
            )
            AND (
              (
                (
                  (
                    "t6"."type"
                  ) = (
                    'review'
                  )
                )
                AND (
                  (
                    "t6"."date"
                  ) >= (
                    "s"."start_date"
                  )
                )
              )
              AND (
                (
                  "t6"."date"
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
            )
        ) AS q7
      )
    END AS "t_pass_3",
    COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) AS "r_pass_5",
    CASE
      WHEN (
        (
          "s"."e6"
        )
      ) AND (
        NOT (
          "s"."e5"
        )
      )
      THEN 'schedule not kept: ' || (
        SELECT
          'due by ' || CAST(CASE
            WHEN (
              "q15"."ix"
            ) = 0
            THEN CAST("q15"."a" + INTERVAL 3 MONTH AS DATE)
            ELSE CAST("q15"."a" + INTERVAL 6 MONTH AS DATE)
          END AS TEXT) || ' (' || CASE WHEN (
            "q15"."ix"
          ) = 0 THEN '3 months' ELSE '6 months' END || ' after ' || CAST("q15"."a" AS TEXT) || '), ' || CASE
            WHEN NOT (
              (
                "q15"."me"
              ) IS NULL
            )
            THEN 'held ' || CAST("q15"."me" AS TEXT)
            ELSE 'none by ' || CAST("s"."e1" AS TEXT)
          END
        FROM (
          SELECT
            "q14"."a",
            "q14"."ix",
            "q14"."me"
          FROM (
            SELECT
              CASE
                WHEN NOT (
                  (
                    "q13"."me"
                  ) IS NULL
                )
                THEN "q13"."mp"
                ELSE COALESCE("q13"."last", "s"."start_date")
              END AS a,
              CASE WHEN NOT (
                (
                  "q13"."me"
                ) IS NULL
              ) THEN "q13"."mi" ELSE "q13"."k" END AS ix,
              "q13"."me"
            FROM (
              SELECT
                MIN("q12"."e") FILTER(WHERE
                  NOT (
                    "q12"."ok"
                  )) AS me,
                ARG_MIN("q12"."prev", "q12"."e") FILTER(WHERE
                  NOT (
                    "q12"."ok"
                  )) AS mp,
                ARG_MIN("q12"."i", "q12"."e") FILTER(WHERE
                  NOT (
                    "q12"."ok"
                  )) AS mi,
                COUNT(*) AS k,
                MAX("q12"."e") AS last
              FROM (
                SELECT
                  "q11"."e",
                  "q11"."i",
                  "q11"."prev",
                  CASE
                    WHEN (
                      "q11"."i"
                    ) = 0
                    THEN CASE
                      WHEN (
                        (
                          "q11"."prev"
                        ) IS NULL
                      ) OR (
                        (
                          "q11"."e"
                        ) IS NULL
                      )
                      THEN NULL
                      WHEN (
                        "q11"."e"
                      ) < (
                        "q11"."prev"
                      )
                      THEN FALSE
                      ELSE (
                        "q11"."e"
                      ) <= (
                        CAST("q11"."prev" + INTERVAL 3 MONTH AS DATE)
                      )
                    END
                    ELSE CASE
                      WHEN (
                        (
                          "q11"."prev"
                        ) IS NULL
                      ) OR (
                        (
                          "q11"."e"
                        ) IS NULL
                      )
                      THEN NULL
                      WHEN (
                        "q11"."e"
                      ) < (
                        "q11"."prev"
                      )
                      THEN FALSE
                      ELSE (
                        "q11"."e"
                      ) <= (
                        CAST("q11"."prev" + INTERVAL 6 MONTH AS DATE)
                      )
                    END
                  END AS ok
                FROM (
                  SELECT
                    "q9"."e",
                    COUNT("q10"."e") AS i,
                    COALESCE(MAX("q10"."e"), "s"."start_date") AS prev
                  FROM (
                    SELECT DISTINCT
                      "t8"."date" AS e
                    FROM "cp_conferences" AS t8
                    WHERE
                      (
                        (
                          "t8"."plan_id" = (
                            "s"."plan_id"
                          )
                        )
                        AND (
                          (
                            "t8"."type"
                          ) = (
                            'review'
                          )
                        )
                      )
                      AND (
                        (
                          (
                            "t8"."date"
                          ) >= (
                            "s"."start_date"
                          )
                        )
                        AND (
                          (
                            "t8"."date"
                          ) <= (
                            "s"."e1"
                          )
                        )
                      )
                  ) AS q9
                  LEFT JOIN (
                    SELECT DISTINCT
                      "t8"."date" AS e
                    FROM "cp_conferences" AS t8
                    WHERE
                      (
                        (
                          "t8"."plan_id" = (
                            "s"."plan_id"
                          )
                        )
                        AND (
                          (
                            "t8"."type"
                          ) = (
                            'review'
                          )
                        )
                      )
                      AND (
                        (
                          (
                            "t8"."date"
                          ) >= (
                            "s"."start_date"
                          )
                        )
                        AND (
                          (
                            "t8"."date"
                          ) <= (
                            "s"."e1"
                          )
                        )
                      )
                  ) AS q10
                    ON "q10"."e" < "q9"."e"
                  GROUP BY
                    "q9"."e"
                ) AS q11
              ) AS q12
            ) AS q13
          ) AS q14
        ) AS q15
      )
    END AS "why_fail"
  FROM (
    SELECT
      s.*,
      CASE
        WHEN (
          (
            "s"."start_date"
          ) IS NULL
        ) OR (
          (
            "s"."e1"
          ) IS NULL
        )
        THEN NULL
        WHEN EXISTS(
          SELECT
            1
          FROM "cp_conferences" AS t1
          WHERE
            "t1"."plan_id" = (
              "s"."plan_id"
            )
            AND (
              (
                "t1"."type"
              ) = (
                'review'
              )
            ) IS NULL
        )
        THEN NULL
        WHEN EXISTS(
          SELECT
            1
          FROM "cp_conferences" AS t1
          WHERE
            (
              (
                "t1"."plan_id" = (
                  "s"."plan_id"
                )
              )
              AND (
                (
                  "t1"."type"
                ) = (
                  'review'
                )
              )
            )
            AND (
              "t1"."date"
            ) IS NULL
        )
        THEN NULL
        WHEN (
          "s"."start_date"
        ) > (
          "s"."e1"
        )
        THEN TRUE
        ELSE CASE
          WHEN "s"."e2" > 0
          THEN FALSE
          ELSE CASE
            WHEN (
              "s"."e3"
            ) = 0
            THEN CASE
              WHEN (
                (
                  "s"."e4"
                ) IS NULL
              ) OR (
                (
                  "s"."e1"
                ) IS NULL
              )
              THEN NULL
              WHEN (
                "s"."e1"
              ) < (
                "s"."e4"
              )
              THEN FALSE
              ELSE (
                "s"."e1"
              ) <= (
                CAST("s"."e4" + INTERVAL 3 MONTH AS DATE)
              )
            END
            ELSE CASE
              WHEN (
                (
                  "s"."e4"
                ) IS NULL
              ) OR (
                (
                  "s"."e1"
                ) IS NULL
              )
              THEN NULL
              WHEN (
                "s"."e1"
              ) < (
                "s"."e4"
              )
              THEN FALSE
              ELSE (
                "s"."e1"
              ) <= (
                CAST("s"."e4" + INTERVAL 6 MONTH AS DATE)
              )
            END
          END
        END
      END AS "e5"
    FROM (
      SELECT
        s.*,
        COALESCE("g5"."misses", 0) AS "e2",
        COALESCE("g5"."k", 0) AS "e3",
        COALESCE("g5"."last", "s"."start_date") AS "e4"
      FROM (
        SELECT
          s.*,
          CASE
            WHEN (
              COALESCE("s"."end_date", CAST('2025-03-31' AS DATE))
            ) IS NULL
            THEN NULL
            ELSE CASE
              WHEN COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) IS NULL
              OR CAST('2025-03-31' AS DATE) IS NULL
              THEN NULL
              ELSE LEAST(COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
            END
          END AS "e1",
          (
            "s"."start_date"
          ) <= (
            CAST('2025-03-31' AS DATE)
          ) AS "e6"
        FROM "cp_plans" AS s
      ) AS s
      LEFT JOIN (
        SELECT
          "q4"."r",
          COUNT(CASE WHEN NOT (
            "q4"."ok"
          ) THEN 1 END) AS misses,
          COUNT(*) AS k,
          MAX("q4"."e") AS last
        FROM (
          SELECT
            "q3"."r",
            "q3"."e",
            CASE
              WHEN (
                "q3"."i"
              ) = 0
              THEN CASE
                WHEN (
                  (
                    "q3"."prev"
                  ) IS NULL
                ) OR (
                  (
                    "q3"."e"
                  ) IS NULL
                )
                THEN NULL
                WHEN (
                  "q3"."e"
                ) < (
                  "q3"."prev"
                )
                THEN FALSE
                ELSE (
                  "q3"."e"
                ) <= (
                  CAST("q3"."prev" + INTERVAL 3 MONTH AS DATE)
                )
              END
              ELSE CASE
                WHEN (
                  (
                    "q3"."prev"
                  ) IS NULL
                ) OR (
                  (
                    "q3"."e"
                  ) IS NULL
                )
                THEN NULL
                WHEN (
                  "q3"."e"
                ) < (
                  "q3"."prev"
                )
                THEN FALSE
                ELSE (
                  "q3"."e"
                ) <= (
                  CAST("q3"."prev" + INTERVAL 6 MONTH AS DATE)
                )
              END
            END AS ok
          FROM (
            SELECT
              "q2"."r",
              "q2"."e",
              ROW_NUMBER() OVER (PARTITION BY "q2"."r" ORDER BY "q2"."e") - 1 AS i,
              COALESCE(LAG("q2"."e") OVER (PARTITION BY "q2"."r" ORDER BY "q2"."e"), "q2"."st") AS prev
            FROM (
              SELECT DISTINCT
                "s"."_row" AS r,
                "t1"."date" AS e,
                "s"."start_date" AS st
              FROM (
                SELECT
                  s.*,
                  CASE
                    WHEN (
                      COALESCE("s"."end_date", CAST('2025-03-31' AS DATE))
                    ) IS NULL
                    THEN NULL
                    ELSE CASE
                      WHEN COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) IS NULL
                      OR CAST('2025-03-31' AS DATE) IS NULL
                      THEN NULL
                      ELSE LEAST(COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
                    END
                  END AS "e1",
                  (
                    "s"."start_date"
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  ) AS "e6"
                FROM "cp_plans" AS s
              ) AS s
              CROSS JOIN "cp_conferences" AS t1
              WHERE
                (
                  (
                    "t1"."plan_id" = (
                      "s"."plan_id"
                    )
                  )
                  AND (
                    (
                      "t1"."type"
                    ) = (
                      'review'
                    )
                  )
                )
                AND (
                  (
                    (
                      "t1"."date"
                    ) >= (
                      "s"."start_date"
                    )
                  )
                  AND (
                    (
                      "t1"."date"
                    ) <= (
                      "s"."e1"
                    )
                  )
                )
            ) AS q2
          ) AS q3
        ) AS q4
        GROUP BY
          "q4"."r"
      ) AS g5
        ON "g5"."r" = "s"."_row"
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- CP-SEEN-ALONE: Children on plans were seen alone at their latest statutory visit
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'latest statutory visit ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ': child not seen alone'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'plan not open at ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ' (started ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || ', ended ' || COALESCE(CAST("r_not_applicable_5" AS TEXT), 'missing') || '), or the child is under 4 (aged ' || COALESCE(CAST("r_not_applicable_7" AS TEXT), 'missing') || '; expected date of birth given: ' || COALESCE(
      CASE
        WHEN "r_not_applicable_9"
        THEN 'true'
        WHEN NOT (
          "r_not_applicable_9"
        )
        THEN 'false'
      END,
      'missing'
    ) || ')'
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'latest statutory visit ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ': seen alone not recorded (or no statutory visit on this plan)'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'latest statutory visit ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ': child seen alone'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e8"
      )
      THEN CASE
        WHEN (
          "s"."e5"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e5"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e8"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e8" AS "_when",
    "s"."e9" AS "r_fail_1",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_1",
    "s"."start_date" AS "r_not_applicable_3",
    "s"."end_date" AS "r_not_applicable_5",
    CASE
      WHEN (
        (
          "s"."e6"
        ) IS NULL
      )
      OR (
        (
          CAST('2025-03-31' AS DATE)
        ) IS NULL
      )
      THEN NULL
      ELSE (
        YEAR(CAST('2025-03-31' AS DATE)) - YEAR("s"."e6")
      ) - CASE
        WHEN (
          MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
        ) < (
          MONTH("s"."e6") * 100 + DAY("s"."e6")
        )
        THEN 1
        ELSE 0
      END
    END AS "r_not_applicable_7",
    NOT (
      (
        "s"."e7"
      ) IS NULL
    ) AS "r_not_applicable_9",
    "s"."e9" AS "r_not_evidenced_1",
    "s"."e9" AS "r_pass_1"
  FROM (
    SELECT
      s.*,
      (
        "s"."e4"
      ) = (
        TRUE
      ) AS "e5"
    FROM (
      SELECT
        s.*,
        "j6"."seen_alone" AS "e4",
        "j6"."date" AS "e9"
      FROM (
        SELECT
          s.*,
          CASE
            WHEN (
              "s"."e1"
            ) IS NULL
            THEN NULL
            ELSE (
              SELECT
                CASE
                  WHEN COUNT(
                    CASE
                      WHEN (
                        (
                          "q5"."c"
                        ) OR (
                          (
                            "q5"."c"
                          ) IS NULL
                        )
                      )
                      AND (
                        (
                          "q5"."k"
                        ) IS NULL
                      )
                      THEN 1
                    END
                  ) > 0
                  THEN NULL
                  WHEN COUNT(CASE WHEN "q5"."c" THEN 1 END) = 0
                  THEN NULL
                  WHEN MAX(CASE WHEN (
                    "q5"."c"
                  ) IS NULL THEN "q5"."k" END) >= MAX(CASE WHEN "q5"."c" THEN "q5"."k" END)
                  THEN NULL
                  ELSE ARG_MAX("q5"."v", ("q5"."k", -"q5"."o")) FILTER(WHERE
                    "q5"."c")
                END AS v
              FROM (
                SELECT
                  (
                    (
                      (
                        "t3"."type"
                      ) = (
                        'cp'
                      )
                    )
                    AND (
                      (
                        "t3"."date"
                      ) >= (
                        "s"."start_date"
                      )
                    )
                  )
                  AND (
                    (
                      "t3"."date"
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  ) AS c,
                  "t3"."date" AS k,
                  "t3"."_row" AS v,
                  "t3"."_row" AS o
                FROM "visits" AS t3
                WHERE
                  "t3"."child_id" = (
                    "s"."e2"
                  )
                  AND (
                    (
                      COALESCE((
                        (
                          "t3"."type"
                        ) = (
                          'cp'
                        )
                      ), TRUE)
                    )
                    AND (
                      COALESCE((
                        (
                          "t3"."date"
                        ) >= (
                          "s"."start_date"
                        )
                      ), TRUE)
                    )
                    AND (
                      COALESCE((
                        (
                          "t3"."date"
                        ) <= (
                          CAST('2025-03-31' AS DATE)
                        )
                      ), TRUE)
                    )
                  )
              ) AS q5
            )
          END AS "e3",
          (
            (
              (
                "s"."start_date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
            AND (
              (
                (
                  "s"."end_date"
                ) IS NULL
              )
              OR (
                (
                  "s"."end_date"
                ) > (
                  CAST('2025-03-31' AS DATE)
                )
              )
            )
          )
          AND (
            COALESCE(
              (
                CASE
                  WHEN (
                    (
                      "s"."e6"
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST('2025-03-31' AS DATE)
                    ) IS NULL
                  )
                  THEN NULL
                  ELSE (
                    YEAR(CAST('2025-03-31' AS DATE)) - YEAR("s"."e6")
                  ) - CASE
                    WHEN (
                      MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
                    ) < (
                      MONTH("s"."e6") * 100 + DAY("s"."e6")
                    )
                    THEN 1
                    ELSE 0
                  END
                END
              ) >= (
                4
              ),
              (
                "s"."e7"
              ) IS NULL
            )
          ) AS "e8"
        FROM (
          SELECT
            s.*,
            "j2"."_row" AS "e1",
            "j2"."child_id" AS "e2",
            "j2"."date_of_birth" AS "e6",
            "j2"."expected_date_of_birth" AS "e7"
          FROM "cp_plans" AS s
          LEFT JOIN "children" AS j2
            ON "j2"."child_id" = (
              "s"."child_id"
            )
        ) AS s
      ) AS s
      LEFT JOIN "visits" AS j6
        ON "j6"."_row" = (
          "s"."e3"
        )
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- CP-VISIT-10WD: Children on plans have a statutory visit at least as often as the local standard
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'no statutory visit seeing the child within ' || '10 working days' || ' before ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ' (latest: ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ')'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'plan started ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ', ended ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || ': not open at ' || COALESCE(CAST("r_not_applicable_5" AS TEXT), 'missing') || ', or no visit due yet'
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'plan started ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ': visits cannot be judged (child ' || COALESCE(CAST("r_not_evidenced_3" AS TEXT), 'missing') || ' not in the children table, or a visit''s type not recorded)'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'statutory visit within ' || '10 working days' || ' before ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing') || ': latest ' || COALESCE(CAST("r_pass_5" AS TEXT), 'missing')
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e5"
      )
      THEN CASE
        WHEN (
          "s"."e3"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e3"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e5"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e5" AS "_when",
    CAST('2025-03-31' AS DATE) AS "r_fail_3",
    CASE
      WHEN (
        (
          "s"."e1"
        ) IS NULL
      )
      OR (
        EXISTS(
          SELECT
            1
          FROM "visits" AS t8
          WHERE
            "t8"."child_id" = (
              "s"."e2"
            )
            AND (
              (
                (
                  (
                    "t8"."type"
                  ) = (
                    'cp'
                  )
                )
                AND (
                  COALESCE("t8"."seen", TRUE)
                )
              )
              AND (
                (
                  "t8"."date"
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
            ) IS NULL
        )
      )
      THEN NULL
      ELSE (
        SELECT
          CASE WHEN COUNT(*) = COUNT("q9"."v") THEN MAX("q9"."v") ELSE NULL END
        FROM (
          SELECT
            "t8"."date" AS v
          FROM "visits" AS t8
          WHERE
            (
              "t8"."child_id" = (
                "s"."e2"
              )
            )
            AND (
              (
                (
                  (
                    "t8"."type"
                  ) = (
                    'cp'
                  )
                )
                AND (
                  COALESCE("t8"."seen", TRUE)
                )
              )
              AND (
                (
                  "t8"."date"
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
            )
        ) AS q9
      )
    END AS "r_fail_5",
    "s"."start_date" AS "r_not_applicable_1",
    "s"."end_date" AS "r_not_applicable_3",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_5",
    "s"."start_date" AS "r_not_evidenced_1",
    "s"."child_id" AS "r_not_evidenced_3",
    CAST('2025-03-31' AS DATE) AS "r_pass_3",
    CASE
      WHEN (
        (
          "s"."e1"
        ) IS NULL
      )
      OR (
        EXISTS(
          SELECT
            1
          FROM "visits" AS t11
          WHERE
            "t11"."child_id" = (
              "s"."e2"
            )
            AND (
              (
                (
                  (
                    "t11"."type"
                  ) = (
                    'cp'
                  )
                )
                AND (
                  COALESCE("t11"."seen", TRUE)
                )
              )
              AND (
                (
                  "t11"."date"
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
            ) IS NULL
        )
      )
      THEN NULL
      ELSE (
        SELECT
          CASE WHEN COUNT(*) = COUNT("q12"."v") THEN MAX("q12"."v") ELSE NULL END
        FROM (
          SELECT
            "t11"."date" AS v
          FROM "visits" AS t11
          WHERE
            (
              "t11"."child_id" = (
                "s"."e2"
              )
            )
            AND (
              (
                (
                  (
                    "t11"."type"
                  ) = (
                    'cp'
                  )
                )
                AND (
                  COALESCE("t11"."seen", TRUE)
                )
              )
              AND (
                (
                  "t11"."date"
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
            )
        ) AS q12
      )
    END AS "r_pass_5"
  FROM (
    SELECT
      s.*,
      CASE
        WHEN (
          "s"."e1"
        ) IS NULL
        THEN NULL
        ELSE (
          SELECT
            CASE
              WHEN COUNT(CASE WHEN "q5"."c" THEN 1 END) > 0
              THEN TRUE
              WHEN COUNT(CASE WHEN (
                "q5"."c"
              ) IS NULL THEN 1 END) > 0
              THEN NULL
              ELSE FALSE
            END
          FROM (
            SELECT
              (
                (
                  (
                    "t3"."type"
                  ) = (
                    'cp'
                  )
                )
                AND (
                  COALESCE("t3"."seen", TRUE)
                )
              )
              AND (
                CASE
                  WHEN (
                    (
                      CAST('2025-03-31' AS DATE)
                    ) IS NULL
                  )
                  OR (
                    (
                      "t3"."date"
                    ) IS NULL
                  )
                  THEN NULL
                  WHEN (
                    "t3"."date"
                  ) > (
                    CAST('2025-03-31' AS DATE)
                  )
                  THEN FALSE
                  ELSE (
                    8908 - (
                      SELECT
                        "c4"."wd"
                      FROM "cc_calendar" AS c4
                      WHERE
                        "c4"."d" = (
                          "t3"."date"
                        )
                    )
                  ) <= 10
                END
              ) AS c
            FROM "visits" AS t3
            WHERE
              "t3"."child_id" = (
                "s"."e2"
              )
              AND (
                (
                  COALESCE((
                    (
                      "t3"."type"
                    ) = (
                      'cp'
                    )
                  ), TRUE)
                )
                AND (
                  COALESCE((
                    COALESCE("t3"."seen", TRUE)
                  ), TRUE)
                )
              )
          ) AS q5
        )
      END AS "e3",
      (
        (
          (
            "s"."start_date"
          ) <= (
            CAST('2025-03-31' AS DATE)
          )
        )
        AND (
          (
            (
              "s"."end_date"
            ) IS NULL
          )
          OR (
            (
              "s"."end_date"
            ) > (
              CAST('2025-03-31' AS DATE)
            )
          )
        )
      )
      AND (
        NOT (
          CASE
            WHEN (
              (
                "s"."start_date"
              ) IS NULL
            )
            OR (
              (
                CAST('2025-03-31' AS DATE)
              ) IS NULL
            )
            THEN NULL
            WHEN (
              CAST('2025-03-31' AS DATE)
            ) < (
              "s"."start_date"
            )
            THEN FALSE
            ELSE (
              8908 - "s"."e4"
            ) <= 10
          END
        )
      ) AS "e5"
    FROM (
      SELECT
        s.*,
        "j2"."_row" AS "e1",
        "j2"."child_id" AS "e2",
        (
          SELECT
            "c6"."wd"
          FROM "cc_calendar" AS c6
          WHERE
            "c6"."d" = (
              "s"."start_date"
            )
        ) AS "e4"
      FROM "cp_plans" AS s
      LEFT JOIN "children" AS j2
        ON "j2"."child_id" = (
          "s"."child_id"
        )
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- CP-REPEAT-PLAN: Children becoming the subject of a plan for a second or subsequent time (ever)
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'plan started ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' is a repeat plan: ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ' previous plan(s)'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'plan started ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ', outside the audit year to ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing')
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'plan started ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ': number of previous plans not recorded'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'plan started ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ' is the child''s first (no previous plans)'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."start_date" AS "r_fail_1",
    "s"."previous_plans" AS "r_fail_3",
    "s"."start_date" AS "r_not_applicable_1",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_3",
    "s"."start_date" AS "r_not_evidenced_1",
    "s"."start_date" AS "r_pass_1"
  FROM (
    SELECT
      s.*,
      (
        "s"."previous_plans"
      ) = (
        0
      ) AS "e1",
      CASE
        WHEN (
          (
            "s"."start_date"
          ) IS NULL
        )
        OR (
          (
            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
          ) IS NULL
        )
        OR (
          (
            CAST('2025-03-31' AS DATE)
          ) IS NULL
        )
        THEN NULL
        ELSE (
          (
            "s"."start_date"
          ) >= (
            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
          )
        )
        AND (
          (
            "s"."start_date"
          ) <= (
            CAST('2025-03-31' AS DATE)
          )
        )
      END AS "e2"
    FROM "cp_plans" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- CP-REPEAT-PLAN-2Y: Children becoming the subject of a plan again within 2 years of a previous plan
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'plan started ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ': the child''s previous plan ended ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ', within 2 years'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'plan started ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ', outside the audit year to ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing')
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'child ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ' is not in the children table, so the child''s earlier plans cannot be seen'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'plan started ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ': no plan of the child ended in the 2 years before'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e4"
      )
      THEN CASE
        WHEN (
          "s"."e3"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e3"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e4"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e4" AS "_when",
    "s"."start_date" AS "r_fail_1",
    CASE
      WHEN (
        (
          "s"."e1"
        ) IS NULL
      )
      OR (
        EXISTS(
          SELECT
            1
          FROM "cp_plans" AS t6
          WHERE
            "t6"."child_id" = (
              "s"."e2"
            )
            AND (
              (
                (
                  "t6"."plan_id"
                ) <> (
                  "s"."plan_id"
                )
              )
              AND (
                (
                  "t6"."end_date"
                ) <= (
                  "s"."start_date"
                )
              )
            ) IS NULL
        )
      )
      THEN NULL
      ELSE (
        SELECT
          CASE WHEN COUNT(*) = COUNT("q7"."v") THEN MAX("q7"."v") ELSE NULL END
        FROM (
          SELECT
            "t6"."end_date" AS v
          FROM "cp_plans" AS t6
          WHERE
            (
              "t6"."child_id" = (
                "s"."e2"
              )
            )
            AND (
              (
                (
                  "t6"."plan_id"
                ) <> (
                  "s"."plan_id"
                )
              )
              AND (
                (
                  "t6"."end_date"
                ) <= (
                  "s"."start_date"
                )
              )
            )
        ) AS q7
      )
    END AS "r_fail_3",
    "s"."start_date" AS "r_not_applicable_1",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_3",
    "s"."child_id" AS "r_not_evidenced_1",
    "s"."start_date" AS "r_pass_1"
  FROM (
    SELECT
      s.*,
      CASE
        WHEN (
          "s"."e1"
        ) IS NULL
        THEN NULL
        ELSE (
          SELECT
            NOT (
              CASE
                WHEN COUNT(CASE WHEN "q4"."c" THEN 1 END) > 0
                THEN TRUE
                WHEN COUNT(CASE WHEN (
                  "q4"."c"
                ) IS NULL THEN 1 END) > 0
                THEN NULL
                ELSE FALSE
              END
            )
          FROM (
            SELECT
              (
                (
                  (
                    (
                      "t3"."plan_id"
                    ) <> (
                      "s"."plan_id"
                    )
                  )
                  AND (
                    NOT (
                      (
                        "t3"."end_date"
                      ) IS NULL
                    )
                  )
                )
                AND (
                  (
                    "t3"."end_date"
                  ) <= (
                    "s"."start_date"
                  )
                )
              )
              AND (
                (
                  "t3"."end_date"
                ) >= (
                  CAST("s"."start_date" + INTERVAL (-24) MONTH AS DATE)
                )
              ) AS c
            FROM "cp_plans" AS t3
            WHERE
              "t3"."child_id" = (
                "s"."e2"
              )
              AND (
                (
                  COALESCE((
                    (
                      "t3"."plan_id"
                    ) <> (
                      "s"."plan_id"
                    )
                  ), TRUE)
                )
                AND (
                  COALESCE((
                    NOT (
                      (
                        "t3"."end_date"
                      ) IS NULL
                    )
                  ), TRUE)
                )
                AND (
                  COALESCE((
                    (
                      "t3"."end_date"
                    ) <= (
                      "s"."start_date"
                    )
                  ), TRUE)
                )
                AND (
                  COALESCE(
                    (
                      (
                        "t3"."end_date"
                      ) >= (
                        CAST("s"."start_date" + INTERVAL (-24) MONTH AS DATE)
                      )
                    ),
                    TRUE
                  )
                )
              )
          ) AS q4
        )
      END AS "e3"
    FROM (
      SELECT
        s.*,
        "j2"."_row" AS "e1",
        "j2"."child_id" AS "e2",
        CASE
          WHEN (
            (
              "s"."start_date"
            ) IS NULL
          )
          OR (
            (
              CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
            ) IS NULL
          )
          OR (
            (
              CAST('2025-03-31' AS DATE)
            ) IS NULL
          )
          THEN NULL
          ELSE (
            (
              "s"."start_date"
            ) >= (
              CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
            )
          )
          AND (
            (
              "s"."start_date"
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
        END AS "e4"
      FROM "cp_plans" AS s
      LEFT JOIN "children" AS j2
        ON "j2"."child_id" = (
          "s"."child_id"
        )
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- CP-MINUTES-TIMELY: Child protection conference minutes are sent within the local standard
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN COALESCE(CAST("r_fail_0" AS TEXT), 'missing') || ' conference ' || COALESCE(CAST("r_fail_2" AS TEXT), 'missing') || ', minutes sent ' || COALESCE(CAST("r_fail_4" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_fail_6" AS TEXT), 'missing') || ' working days (standard ' || '20 working days' || ')'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN COALESCE(CAST("r_not_applicable_0" AS TEXT), 'missing') || ' conference ' || COALESCE(CAST("r_not_applicable_2" AS TEXT), 'missing') || ': minutes not yet due (' || COALESCE(CAST("r_not_applicable_4" AS TEXT), 'missing') || ' working days at ' || COALESCE(CAST("r_not_applicable_6" AS TEXT), 'missing') || '; standard ' || '20 working days' || ')'
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'pass'
    THEN COALESCE(CAST("r_pass_0" AS TEXT), 'missing') || ' conference ' || COALESCE(CAST("r_pass_2" AS TEXT), 'missing') || ', minutes sent ' || COALESCE(CAST("r_pass_4" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_pass_6" AS TEXT), 'missing') || ' working days (standard ' || '20 working days' || ')'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e4"
      )
      THEN CASE
        WHEN (
          "s"."e3"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e3"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e4"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e4" AS "_when",
    "s"."type" AS "r_fail_0",
    "s"."date" AS "r_fail_2",
    "s"."minutes_sent_date" AS "r_fail_4",
    (
      "s"."e6"
    ) - (
      "s"."e2"
    ) AS "r_fail_6",
    "s"."type" AS "r_not_applicable_0",
    "s"."date" AS "r_not_applicable_2",
    (
      8908
    ) - (
      "s"."e2"
    ) AS "r_not_applicable_4",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_6",
    "s"."type" AS "r_pass_0",
    "s"."date" AS "r_pass_2",
    "s"."minutes_sent_date" AS "r_pass_4",
    (
      "s"."e1"
    ) - (
      "s"."e2"
    ) AS "r_pass_6"
  FROM (
    SELECT
      s.*,
      (
        NOT (
          (
            "s"."minutes_sent_date"
          ) IS NULL
        )
      )
      AND (
        CASE
          WHEN (
            (
              "s"."date"
            ) IS NULL
          )
          OR (
            (
              "s"."minutes_sent_date"
            ) IS NULL
          )
          THEN NULL
          WHEN (
            "s"."minutes_sent_date"
          ) < (
            "s"."date"
          )
          THEN FALSE
          ELSE (
            "s"."e1" - "s"."e2"
          ) <= 20
        END
      ) AS "e3",
      (
        (
          "s"."date"
        ) <= (
          CAST('2025-03-31' AS DATE)
        )
      )
      AND (
        (
          NOT (
            (
              "s"."minutes_sent_date"
            ) IS NULL
          )
        )
        OR (
          NOT (
            CASE
              WHEN (
                (
                  "s"."date"
                ) IS NULL
              )
              OR (
                (
                  CAST('2025-03-31' AS DATE)
                ) IS NULL
              )
              THEN NULL
              WHEN (
                CAST('2025-03-31' AS DATE)
              ) < (
                "s"."date"
              )
              THEN FALSE
              ELSE (
                8908 - "s"."e2"
              ) <= 20
            END
          )
        )
      ) AS "e4",
      (
        SELECT
          "c3"."wd"
        FROM "cc_calendar" AS c3
        WHERE
          "c3"."d" = (
            "s"."e5"
          )
      ) AS "e6"
    FROM (
      SELECT
        s.*,
        (
          SELECT
            "c1"."wd"
          FROM "cc_calendar" AS c1
          WHERE
            "c1"."d" = (
              "s"."minutes_sent_date"
            )
        ) AS "e1",
        (
          SELECT
            "c2"."wd"
          FROM "cc_calendar" AS c2
          WHERE
            "c2"."d" = (
              "s"."date"
            )
        ) AS "e2",
        COALESCE("s"."minutes_sent_date", CAST('2025-03-31' AS DATE)) AS "e5"
      FROM "cp_conferences" AS s
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- LAC-REVIEW-TIMELY: Looked-after reviews are on time
SELECT
  *,
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'period of care starts ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ', after ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || ', or short breaks (legal status ' || COALESCE(CAST("r_not_applicable_5" AS TEXT), 'missing') || ': regulation 48)'
  END AS "reason_not_applicable"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e8"
      )
      THEN CASE
        WHEN (
          "s"."e7"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e7"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e8"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e8" AS "_when",
    "s"."start_date" AS "r_not_applicable_1",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_3",
    "s"."legal_status" AS "r_not_applicable_5",
    CASE
      WHEN (
        (
          "s"."e8"
        )
      ) AND (
        NOT (
          "s"."e7"
        )
      )
      THEN 'schedule not kept: ' || (
        SELECT
          'due by ' || CAST(CASE
            WHEN (
              "q20"."ix"
            ) = 0
            THEN (
              SELECT
                "c22"."d"
              FROM "cc_calendar" AS c22
              WHERE
                (
                  "c22"."is_wd"
                ) AND (
                  "c22"."wd" = "q20"."aw" + 20
                )
            )
            WHEN (
              "q20"."ix"
            ) = 1
            THEN CAST("q20"."a" + INTERVAL 3 MONTH AS DATE)
            ELSE CAST("q20"."a" + INTERVAL 6 MONTH AS DATE)
          END AS TEXT) || ' (' || CASE
            WHEN (
              "q20"."ix"
            ) = 0
            THEN '20 working days'
            WHEN (
              "q20"."ix"
            ) = 1
            THEN '3 months'
            ELSE '6 months'
          END || ' after ' || CAST("q20"."a" AS TEXT) || '), ' || CASE
            WHEN NOT (
              (
                "q20"."me"
              ) IS NULL
            )
            THEN 'held ' || CAST("q20"."me" AS TEXT)
            ELSE 'none by ' || CAST("s"."e1" AS TEXT)
          END
        FROM (
          SELECT
            "q19"."a",
            "q19"."ix",
            "q19"."me",
            (
              SELECT
                "c21"."wd"
              FROM "cc_calendar" AS c21
              WHERE
                "c21"."d" = (
                  "q19"."a"
                )
            ) AS aw
          FROM (
            SELECT
              CASE
                WHEN NOT (
                  (
                    "q16"."me"
                  ) IS NULL
                )
                THEN "q16"."mp"
                ELSE COALESCE("q16"."last", "s"."start_date")
              END AS a,
              CASE WHEN NOT (
                (
                  "q16"."me"
                ) IS NULL
              ) THEN "q16"."mi" ELSE "q16"."k" END AS ix,
              "q16"."me"
            FROM (
              SELECT
                MIN("q15"."e") FILTER(WHERE
                  NOT (
                    "q15"."ok"
                  )) AS me,
                ARG_MIN("q15"."prev", "q15"."e") FILTER(WHERE
                  NOT (
                    "q15"."ok"
                  )) AS mp,
                ARG_MIN("q15"."i", "q15"."e") FILTER(WHERE
                  NOT (
                    "q15"."ok"
                  )) AS mi,
                COUNT(*) AS k,
                MAX("q15"."e") AS last
              FROM (
                SELECT
                  "q14"."e",
                  "q14"."i",
                  "q14"."prev",
                  CASE
                    WHEN (
                      "q14"."i"
                    ) = 0
                    THEN CASE
                      WHEN (
                        (
                          "q14"."prev"
                        ) IS NULL
                      ) OR (
                        (
                          "q14"."e"
                        ) IS NULL
                      )
                      THEN NULL
                      WHEN (
                        "q14"."e"
                      ) < (
                        "q14"."prev"
                      )
                      THEN FALSE
                      ELSE (
                        (
                          SELECT
                            "c17"."wd"
                          FROM "cc_calendar" AS c17
                          WHERE
                            "c17"."d" = (
                              "q14"."e"
                            )
                        ) - (
                          SELECT
                            "c18"."wd"
                          FROM "cc_calendar" AS c18
                          WHERE
                            "c18"."d" = (
                              "q14"."prev"
                            )
                        )
                      ) <= 20
                    END
                    WHEN (
                      "q14"."i"
                    ) = 1
                    THEN CASE
                      WHEN (
                        (
                          "q14"."prev"
                        ) IS NULL
                      ) OR (
                        (
                          "q14"."e"
                        ) IS NULL
                      )
                      THEN NULL
                      WHEN (
                        "q14"."e"
                      ) < (
                        "q14"."prev"
                      )
                      THEN FALSE
                      ELSE (
                        "q14"."e"
                      ) <= (
                        CAST("q14"."prev" + INTERVAL 3 MONTH AS DATE)
                      )
                    END
                    ELSE CASE
                      WHEN (
                        (
                          "q14"."prev"
                        ) IS NULL
                      ) OR (
                        (
                          "q14"."e"
                        ) IS NULL
                      )
                      THEN NULL
                      WHEN (
                        "q14"."e"
                      ) < (
                        "q14"."prev"
                      )
                      THEN FALSE
                      ELSE (
                        "q14"."e"
                      ) <= (
                        CAST("q14"."prev" + INTERVAL 6 MONTH AS DATE)
                      )
                    END
                  END AS ok
                FROM (
                  SELECT
                    "q12"."e",
                    COUNT("q13"."e") AS i,
                    COALESCE(MAX("q13"."e"), "s"."start_date") AS prev
                  FROM (
                    SELECT DISTINCT
                      "t11"."date" AS e
                    FROM "lac_reviews" AS t11
                    WHERE
                      "t11"."period_id" = (
                        "s"."period_id"
                      )
                      AND (
                        (
                          (
                            "t11"."date"
                          ) >= (
                            "s"."start_date"
                          )
                        )
                        AND (
                          (
                            "t11"."date"
                          ) <= (
                            "s"."e1"
                          )
                        )
                      )
                  ) AS q12
                  LEFT JOIN (
                    SELECT DISTINCT
                      "t11"."date" AS e
                    FROM "lac_reviews" AS t11
                    WHERE
                      "t11"."period_id" = (
                        "s"."period_id"
                      )
                      AND (
                        (
                          (
                            "t11"."date"
                          ) >= (
                            "s"."start_date"
                          )
                        )
                        AND (
                          (
                            "t11"."date"
                          ) <= (
                            "s"."e1"
                          )
                        )
                      )
                  ) AS q13
                    ON "q13"."e" < "q12"."e"
                  GROUP BY
                    "q12"."e"
                ) AS q14
              ) AS q15
            ) AS q16
          ) AS q19
        ) AS q20
      )
    END AS "why_fail"
  FROM (
    SELECT
      s.*,
      CASE
        WHEN (
          (
            "s"."start_date"
          ) IS NULL
        ) OR (
          (
            "s"."e1"
          ) IS NULL
        )
        THEN NULL
        WHEN EXISTS(
          SELECT
            1
          FROM "lac_reviews" AS t1
          WHERE
            "t1"."period_id" = (
              "s"."period_id"
            ) AND (
              "t1"."date"
            ) IS NULL
        )
        THEN NULL
        WHEN (
          "s"."start_date"
        ) > (
          "s"."e1"
        )
        THEN TRUE
        ELSE CASE
          WHEN "s"."e2" > 0
          THEN FALSE
          ELSE CASE
            WHEN (
              "s"."e3"
            ) = 0
            THEN CASE
              WHEN (
                (
                  "s"."e4"
                ) IS NULL
              ) OR (
                (
                  "s"."e1"
                ) IS NULL
              )
              THEN NULL
              WHEN (
                "s"."e1"
              ) < (
                "s"."e4"
              )
              THEN FALSE
              ELSE (
                "s"."e5" - "s"."e6"
              ) <= 20
            END
            WHEN (
              "s"."e3"
            ) = 1
            THEN CASE
              WHEN (
                (
                  "s"."e4"
                ) IS NULL
              ) OR (
                (
                  "s"."e1"
                ) IS NULL
              )
              THEN NULL
              WHEN (
                "s"."e1"
              ) < (
                "s"."e4"
              )
              THEN FALSE
              ELSE (
                "s"."e1"
              ) <= (
                CAST("s"."e4" + INTERVAL 3 MONTH AS DATE)
              )
            END
            ELSE CASE
              WHEN (
                (
                  "s"."e4"
                ) IS NULL
              ) OR (
                (
                  "s"."e1"
                ) IS NULL
              )
              THEN NULL
              WHEN (
                "s"."e1"
              ) < (
                "s"."e4"
              )
              THEN FALSE
              ELSE (
                "s"."e1"
              ) <= (
                CAST("s"."e4" + INTERVAL 6 MONTH AS DATE)
              )
            END
          END
        END
      END AS "e7"
    FROM (
      SELECT
        s.*,
        (
          SELECT
            "c9"."wd"
          FROM "cc_calendar" AS c9
          WHERE
            "c9"."d" = (
              "s"."e4"
            )
        ) AS "e6"
      FROM (
        SELECT
          s.*,
          COALESCE("g5"."misses", 0) AS "e2",
          COALESCE("g5"."k", 0) AS "e3",
          COALESCE("g5"."last", "s"."start_date") AS "e4",
          (
            SELECT
              "c8"."wd"
            FROM "cc_calendar" AS c8
            WHERE
              "c8"."d" = (
                "s"."e1"
              )
          ) AS "e5"
        FROM (
          SELECT
            s.*,
            CASE
              WHEN (
                COALESCE("s"."end_date", CAST('2025-03-31' AS DATE))
              ) IS NULL
              THEN NULL
              ELSE CASE
                WHEN COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) IS NULL
                OR CAST('2025-03-31' AS DATE) IS NULL
                THEN NULL
                ELSE LEAST(COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
              END
            END AS "e1",
            (
              (
                "s"."start_date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
            AND (
              (
                (
                  "s"."legal_status"
                ) IS NULL
              )
              OR (
                NOT (
                  CASE
                    WHEN (
                      "s"."legal_status"
                    ) IS NULL
                    THEN NULL
                    ELSE (
                      "s"."legal_status"
                    ) IN ('V3', 'V4')
                  END
                )
              )
            ) AS "e8"
          FROM "care_periods" AS s
        ) AS s
        LEFT JOIN (
          SELECT
            "q4"."r",
            COUNT(CASE WHEN NOT (
              "q4"."ok"
            ) THEN 1 END) AS misses,
            COUNT(*) AS k,
            MAX("q4"."e") AS last
          FROM (
            SELECT
              "q3"."r",
              "q3"."e",
              CASE
                WHEN (
                  "q3"."i"
                ) = 0
                THEN CASE
                  WHEN (
                    (
                      "q3"."prev"
                    ) IS NULL
                  ) OR (
                    (
                      "q3"."e"
                    ) IS NULL
                  )
                  THEN NULL
                  WHEN (
                    "q3"."e"
                  ) < (
                    "q3"."prev"
                  )
                  THEN FALSE
                  ELSE (
                    (
                      SELECT
                        "c6"."wd"
                      FROM "cc_calendar" AS c6
                      WHERE
                        "c6"."d" = (
                          "q3"."e"
                        )
                    ) - (
                      SELECT
                        "c7"."wd"
                      FROM "cc_calendar" AS c7
                      WHERE
                        "c7"."d" = (
                          "q3"."prev"
                        )
                    )
                  ) <= 20
                END
                WHEN (
                  "q3"."i"
                ) = 1
                THEN CASE
                  WHEN (
                    (
                      "q3"."prev"
                    ) IS NULL
                  ) OR (
                    (
                      "q3"."e"
                    ) IS NULL
                  )
                  THEN NULL
                  WHEN (
                    "q3"."e"
                  ) < (
                    "q3"."prev"
                  )
                  THEN FALSE
                  ELSE (
                    "q3"."e"
                  ) <= (
                    CAST("q3"."prev" + INTERVAL 3 MONTH AS DATE)
                  )
                END
                ELSE CASE
                  WHEN (
                    (
                      "q3"."prev"
                    ) IS NULL
                  ) OR (
                    (
                      "q3"."e"
                    ) IS NULL
                  )
                  THEN NULL
                  WHEN (
                    "q3"."e"
                  ) < (
                    "q3"."prev"
                  )
                  THEN FALSE
                  ELSE (
                    "q3"."e"
                  ) <= (
                    CAST("q3"."prev" + INTERVAL 6 MONTH AS DATE)
                  )
                END
              END AS ok
            FROM (
              SELECT
                "q2"."r",
                "q2"."e",
                ROW_NUMBER() OVER (PARTITION BY "q2"."r" ORDER BY "q2"."e") - 1 AS i,
                COALESCE(LAG("q2"."e") OVER (PARTITION BY "q2"."r" ORDER BY "q2"."e"), "q2"."st") AS prev
              FROM (
                SELECT DISTINCT
                  "s"."_row" AS r,
                  "t1"."date" AS e,
                  "s"."start_date" AS st
                FROM (
                  SELECT
                    s.*,
                    CASE
                      WHEN (
                        COALESCE("s"."end_date", CAST('2025-03-31' AS DATE))
                      ) IS NULL
                      THEN NULL
                      ELSE CASE
                        WHEN COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) IS NULL
                        OR CAST('2025-03-31' AS DATE) IS NULL
                        THEN NULL
                        ELSE LEAST(COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
                      END
                    END AS "e1",
                    (
                      (
                        "s"."start_date"
                      ) <= (
                        CAST('2025-03-31' AS DATE)
                      )
                    )
                    AND (
                      (
                        (
                          "s"."legal_status"
                        ) IS NULL
                      )
                      OR (
                        NOT (
                          CASE
                            WHEN (
                              "s"."legal_status"
                            ) IS NULL
                            THEN NULL
                            ELSE (
                              "s"."legal_status"
                            ) IN ('V3', 'V4')
                          END
                        )
                      )
                    ) AS "e8"
                  FROM "care_periods" AS s
                ) AS s
                CROSS JOIN "lac_reviews" AS t1
                WHERE
                  (
                    "t1"."period_id" = (
                      "s"."period_id"
                    )
                  )
                  AND (
                    (
                      (
                        "t1"."date"
                      ) >= (
                        "s"."start_date"
                      )
                    )
                    AND (
                      (
                        "t1"."date"
                      ) <= (
                        "s"."e1"
                      )
                    )
                  )
              ) AS q2
            ) AS q3
          ) AS q4
          GROUP BY
            "q4"."r"
        ) AS g5
          ON "g5"."r" = "s"."_row"
      ) AS s
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- LAC-VISIT-TIMELY: Children in care are visited within the regulation 28 timescales
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'last statutory visit in this period ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || '; placement from ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ', first visit after it ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ' (due within a week when it started in the year to ' || COALESCE(CAST("r_fail_7" AS TEXT), 'missing') || '); basis ' || COALESCE(CAST("r_fail_9" AS TEXT), 'missing') || ', legal status ' || COALESCE(CAST("r_fail_11" AS TEXT), 'missing') || ', type ' || COALESCE(CAST("r_fail_13" AS TEXT), 'missing') || ', long-term ' || COALESCE(
      CASE WHEN "r_fail_15" THEN 'true' WHEN NOT (
        "r_fail_15"
      ) THEN 'false' END,
      'missing'
    ) || ', placement from ' || COALESCE(CAST("r_fail_17" AS TEXT), 'missing') || ' (weekly until the first review for reg19, reg24 or an interim care order at home, then 4 or 6 weeks; 3 months only for a long-term placement past its first year)'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'period of care from ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ' (ended ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || '): not open at ' || COALESCE(CAST("r_not_applicable_5" AS TEXT), 'missing') || ', in care less than a week, or short breaks (legal status ' || COALESCE(CAST("r_not_applicable_7" AS TEXT), 'missing') || ': regulation 48)'
  END AS "reason_not_applicable"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e5"
      )
      THEN CASE
        WHEN (
          "s"."e4"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e4"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e5"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e5" AS "_when",
    CASE
      WHEN (
        (
          "s"."e2"
        ) IS NULL
      )
      OR (
        EXISTS(
          SELECT
            1
          FROM "visits" AS t23
          WHERE
            "t23"."child_id" = (
              "s"."e3"
            )
            AND (
              (
                (
                  "t23"."type"
                ) = (
                  'lac'
                )
              )
              AND (
                CASE
                  WHEN (
                    (
                      "t23"."date"
                    ) IS NULL
                  )
                  OR (
                    (
                      "s"."start_date"
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST('2025-03-31' AS DATE)
                    ) IS NULL
                  )
                  THEN NULL
                  ELSE (
                    (
                      "t23"."date"
                    ) >= (
                      "s"."start_date"
                    )
                  )
                  AND (
                    (
                      "t23"."date"
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                END
              )
            ) IS NULL
        )
      )
      THEN NULL
      ELSE (
        SELECT
          CASE WHEN COUNT(*) = COUNT("q24"."v") THEN MAX("q24"."v") ELSE NULL END
        FROM (
          SELECT
            "t23"."date" AS v
          FROM "visits" AS t23
          WHERE
            (
              "t23"."child_id" = (
                "s"."e3"
              )
            )
            AND (
              (
                (
                  "t23"."type"
                ) = (
                  'lac'
                )
              )
              AND (
                CASE
                  WHEN (
                    (
                      "t23"."date"
                    ) IS NULL
                  )
                  OR (
                    (
                      "s"."start_date"
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST('2025-03-31' AS DATE)
                    ) IS NULL
                  )
                  THEN NULL
                  ELSE (
                    (
                      "t23"."date"
                    ) >= (
                      "s"."start_date"
                    )
                  )
                  AND (
                    (
                      "t23"."date"
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                END
              )
            )
        ) AS q24
      )
    END AS "r_fail_1",
    COALESCE("s"."placement_start_date", "s"."start_date") AS "r_fail_3",
    "s"."e7" AS "r_fail_5",
    CAST('2025-03-31' AS DATE) AS "r_fail_7",
    "s"."placement_basis" AS "r_fail_9",
    "s"."legal_status" AS "r_fail_11",
    "s"."placement_type" AS "r_fail_13",
    "s"."placement_long_term" AS "r_fail_15",
    "s"."placement_start_date" AS "r_fail_17",
    "s"."start_date" AS "r_not_applicable_1",
    "s"."end_date" AS "r_not_applicable_3",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_5",
    "s"."legal_status" AS "r_not_applicable_7"
  FROM (
    SELECT
      s.*,
      "j32"."date" AS "e7"
    FROM (
      SELECT
        s.*,
        (
          (
            NOT (
              CASE
                WHEN (
                  (
                    "s"."e1"
                  ) IS NULL
                )
                OR (
                  (
                    CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                  ) IS NULL
                )
                OR (
                  (
                    CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-7) DAY AS DATE)
                  ) IS NULL
                )
                THEN NULL
                ELSE (
                  (
                    "s"."e1"
                  ) >= (
                    CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                  )
                )
                AND (
                  (
                    "s"."e1"
                  ) <= (
                    CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-7) DAY AS DATE)
                  )
                )
              END
            )
          )
          OR (
            CASE
              WHEN (
                "s"."e2"
              ) IS NULL
              THEN NULL
              ELSE (
                SELECT
                  CASE
                    WHEN COUNT(CASE WHEN "q4"."c" THEN 1 END) > 0
                    THEN TRUE
                    WHEN COUNT(CASE WHEN (
                      "q4"."c"
                    ) IS NULL THEN 1 END) > 0
                    THEN NULL
                    ELSE FALSE
                  END
                FROM (
                  SELECT
                    (
                      (
                        "t3"."type"
                      ) = (
                        'lac'
                      )
                    )
                    AND (
                      CASE
                        WHEN (
                          (
                            "t3"."date"
                          ) IS NULL
                        )
                        OR (
                          (
                            COALESCE("s"."placement_start_date", "s"."start_date")
                          ) IS NULL
                        )
                        OR (
                          (
                            CAST(COALESCE("s"."placement_start_date", "s"."start_date") + INTERVAL 7 DAY AS DATE)
                          ) IS NULL
                        )
                        THEN NULL
                        ELSE (
                          (
                            "t3"."date"
                          ) >= (
                            COALESCE("s"."placement_start_date", "s"."start_date")
                          )
                        )
                        AND (
                          (
                            "t3"."date"
                          ) <= (
                            CAST(COALESCE("s"."placement_start_date", "s"."start_date") + INTERVAL 7 DAY AS DATE)
                          )
                        )
                      END
                    ) AS c
                  FROM "visits" AS t3
                  WHERE
                    "t3"."child_id" = (
                      "s"."e3"
                    )
                    AND (
                      (
                        COALESCE((
                          (
                            "t3"."type"
                          ) = (
                            'lac'
                          )
                        ), TRUE)
                      )
                      AND (
                        COALESCE(
                          (
                            CASE
                              WHEN (
                                (
                                  "t3"."date"
                                ) IS NULL
                              )
                              OR (
                                (
                                  COALESCE("s"."placement_start_date", "s"."start_date")
                                ) IS NULL
                              )
                              OR (
                                (
                                  CAST(COALESCE("s"."placement_start_date", "s"."start_date") + INTERVAL 7 DAY AS DATE)
                                ) IS NULL
                              )
                              THEN NULL
                              ELSE (
                                (
                                  "t3"."date"
                                ) >= (
                                  COALESCE("s"."placement_start_date", "s"."start_date")
                                )
                              )
                              AND (
                                (
                                  "t3"."date"
                                ) <= (
                                  CAST(COALESCE("s"."placement_start_date", "s"."start_date") + INTERVAL 7 DAY AS DATE)
                                )
                              )
                            END
                          ),
                          TRUE
                        )
                      )
                    )
                ) AS q4
              )
            END
          )
        )
        AND (
          (
            CASE
              WHEN (
                "s"."e2"
              ) IS NULL
              THEN NULL
              ELSE (
                SELECT
                  CASE
                    WHEN COUNT(CASE WHEN "q7"."c" THEN 1 END) > 0
                    THEN TRUE
                    WHEN COUNT(CASE WHEN (
                      "q7"."c"
                    ) IS NULL THEN 1 END) > 0
                    THEN NULL
                    ELSE FALSE
                  END
                FROM (
                  SELECT
                    (
                      (
                        (
                          "t6"."type"
                        ) = (
                          'lac'
                        )
                      )
                      AND (
                        (
                          "t6"."date"
                        ) >= (
                          "s"."start_date"
                        )
                      )
                    )
                    AND (
                      CASE
                        WHEN (
                          (
                            CAST('2025-03-31' AS DATE)
                          ) IS NULL
                        )
                        OR (
                          (
                            "t6"."date"
                          ) IS NULL
                        )
                        THEN NULL
                        WHEN (
                          "t6"."date"
                        ) > (
                          CAST('2025-03-31' AS DATE)
                        )
                        THEN FALSE
                        ELSE (
                          "t6"."date"
                        ) >= (
                          CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-7) DAY AS DATE)
                        )
                      END
                    ) AS c
                  FROM "visits" AS t6
                  WHERE
                    "t6"."child_id" = (
                      "s"."e3"
                    )
                    AND (
                      (
                        COALESCE((
                          (
                            "t6"."type"
                          ) = (
                            'lac'
                          )
                        ), TRUE)
                      )
                      AND (
                        COALESCE((
                          (
                            "t6"."date"
                          ) >= (
                            "s"."start_date"
                          )
                        ), TRUE)
                      )
                      AND (
                        COALESCE(
                          (
                            CASE
                              WHEN (
                                (
                                  CAST('2025-03-31' AS DATE)
                                ) IS NULL
                              )
                              OR (
                                (
                                  "t6"."date"
                                ) IS NULL
                              )
                              THEN NULL
                              WHEN (
                                "t6"."date"
                              ) > (
                                CAST('2025-03-31' AS DATE)
                              )
                              THEN FALSE
                              ELSE (
                                "t6"."date"
                              ) >= (
                                CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-7) DAY AS DATE)
                              )
                            END
                          ),
                          TRUE
                        )
                      )
                    )
                ) AS q7
              )
            END
          )
          OR (
            (
              NOT (
                (
                  (
                    (
                      NOT (
                        (
                          "s"."placement_basis"
                        ) IS NULL
                      )
                    )
                    AND (
                      CASE
                        WHEN (
                          "s"."placement_basis"
                        ) IS NULL
                        THEN NULL
                        ELSE (
                          "s"."placement_basis"
                        ) IN ('reg19', 'reg24')
                      END
                    )
                  )
                  OR (
                    (
                      (
                        (
                          NOT (
                            (
                              "s"."legal_status"
                            ) IS NULL
                          )
                        )
                        AND (
                          NOT (
                            (
                              "s"."placement_type"
                            ) IS NULL
                          )
                        )
                      )
                      AND (
                        (
                          "s"."legal_status"
                        ) = (
                          'C1'
                        )
                      )
                    )
                    AND (
                      (
                        "s"."placement_type"
                      ) = (
                        'P1'
                      )
                    )
                  )
                )
                AND (
                  (
                    SELECT
                      NOT (
                        CASE
                          WHEN COUNT(CASE WHEN "q10"."c" THEN 1 END) > 0
                          THEN TRUE
                          WHEN COUNT(CASE WHEN (
                            "q10"."c"
                          ) IS NULL THEN 1 END) > 0
                          THEN NULL
                          ELSE FALSE
                        END
                      )
                    FROM (
                      SELECT
                        CASE
                          WHEN (
                            (
                              "t9"."date"
                            ) IS NULL
                          )
                          OR (
                            (
                              COALESCE("s"."placement_start_date", "s"."start_date")
                            ) IS NULL
                          )
                          OR (
                            (
                              CAST('2025-03-31' AS DATE)
                            ) IS NULL
                          )
                          THEN NULL
                          ELSE (
                            (
                              "t9"."date"
                            ) >= (
                              COALESCE("s"."placement_start_date", "s"."start_date")
                            )
                          )
                          AND (
                            (
                              "t9"."date"
                            ) <= (
                              CAST('2025-03-31' AS DATE)
                            )
                          )
                        END AS c
                      FROM "lac_reviews" AS t9
                      WHERE
                        "t9"."period_id" = (
                          "s"."period_id"
                        )
                        AND (
                          COALESCE(
                            (
                              CASE
                                WHEN (
                                  (
                                    "t9"."date"
                                  ) IS NULL
                                )
                                OR (
                                  (
                                    COALESCE("s"."placement_start_date", "s"."start_date")
                                  ) IS NULL
                                )
                                OR (
                                  (
                                    CAST('2025-03-31' AS DATE)
                                  ) IS NULL
                                )
                                THEN NULL
                                ELSE (
                                  (
                                    "t9"."date"
                                  ) >= (
                                    COALESCE("s"."placement_start_date", "s"."start_date")
                                  )
                                )
                                AND (
                                  (
                                    "t9"."date"
                                  ) <= (
                                    CAST('2025-03-31' AS DATE)
                                  )
                                )
                              END
                            ),
                            TRUE
                          )
                        )
                    ) AS q10
                  )
                )
              )
            )
            AND (
              (
                CASE
                  WHEN (
                    "s"."e2"
                  ) IS NULL
                  THEN NULL
                  ELSE (
                    SELECT
                      CASE
                        WHEN COUNT(CASE WHEN "q13"."c" THEN 1 END) > 0
                        THEN TRUE
                        WHEN COUNT(CASE WHEN (
                          "q13"."c"
                        ) IS NULL THEN 1 END) > 0
                        THEN NULL
                        ELSE FALSE
                      END
                    FROM (
                      SELECT
                        (
                          (
                            (
                              "t12"."type"
                            ) = (
                              'lac'
                            )
                          )
                          AND (
                            (
                              "t12"."date"
                            ) >= (
                              "s"."start_date"
                            )
                          )
                        )
                        AND (
                          CASE
                            WHEN (
                              (
                                CAST('2025-03-31' AS DATE)
                              ) IS NULL
                            )
                            OR (
                              (
                                "t12"."date"
                              ) IS NULL
                            )
                            THEN NULL
                            WHEN (
                              "t12"."date"
                            ) > (
                              CAST('2025-03-31' AS DATE)
                            )
                            THEN FALSE
                            ELSE (
                              "t12"."date"
                            ) >= (
                              CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-28) DAY AS DATE)
                            )
                          END
                        ) AS c
                      FROM "visits" AS t12
                      WHERE
                        "t12"."child_id" = (
                          "s"."e3"
                        )
                        AND (
                          (
                            COALESCE((
                              (
                                "t12"."type"
                              ) = (
                                'lac'
                              )
                            ), TRUE)
                          )
                          AND (
                            COALESCE((
                              (
                                "t12"."date"
                              ) >= (
                                "s"."start_date"
                              )
                            ), TRUE)
                          )
                          AND (
                            COALESCE(
                              (
                                CASE
                                  WHEN (
                                    (
                                      CAST('2025-03-31' AS DATE)
                                    ) IS NULL
                                  )
                                  OR (
                                    (
                                      "t12"."date"
                                    ) IS NULL
                                  )
                                  THEN NULL
                                  WHEN (
                                    "t12"."date"
                                  ) > (
                                    CAST('2025-03-31' AS DATE)
                                  )
                                  THEN FALSE
                                  ELSE (
                                    "t12"."date"
                                  ) >= (
                                    CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-28) DAY AS DATE)
                                  )
                                END
                              ),
                              TRUE
                            )
                          )
                        )
                    ) AS q13
                  )
                END
              )
              OR (
                (
                  NOT (
                    (
                      (
                        NOT (
                          (
                            "s"."placement_basis"
                          ) IS NULL
                        )
                      )
                      AND (
                        (
                          "s"."placement_basis"
                        ) = (
                          'reg24'
                        )
                      )
                    )
                    OR (
                      (
                        (
                          (
                            NOT (
                              (
                                "s"."legal_status"
                              ) IS NULL
                            )
                          )
                          AND (
                            NOT (
                              (
                                "s"."placement_type"
                              ) IS NULL
                            )
                          )
                        )
                        AND (
                          (
                            "s"."legal_status"
                          ) = (
                            'C1'
                          )
                        )
                      )
                      AND (
                        (
                          "s"."placement_type"
                        ) = (
                          'P1'
                        )
                      )
                    )
                  )
                )
                AND (
                  (
                    CASE
                      WHEN (
                        "s"."e2"
                      ) IS NULL
                      THEN NULL
                      ELSE (
                        SELECT
                          CASE
                            WHEN COUNT(CASE WHEN "q16"."c" THEN 1 END) > 0
                            THEN TRUE
                            WHEN COUNT(CASE WHEN (
                              "q16"."c"
                            ) IS NULL THEN 1 END) > 0
                            THEN NULL
                            ELSE FALSE
                          END
                        FROM (
                          SELECT
                            (
                              (
                                (
                                  "t15"."type"
                                ) = (
                                  'lac'
                                )
                              )
                              AND (
                                (
                                  "t15"."date"
                                ) >= (
                                  "s"."start_date"
                                )
                              )
                            )
                            AND (
                              CASE
                                WHEN (
                                  (
                                    CAST('2025-03-31' AS DATE)
                                  ) IS NULL
                                )
                                OR (
                                  (
                                    "t15"."date"
                                  ) IS NULL
                                )
                                THEN NULL
                                WHEN (
                                  "t15"."date"
                                ) > (
                                  CAST('2025-03-31' AS DATE)
                                )
                                THEN FALSE
                                ELSE (
                                  "t15"."date"
                                ) >= (
                                  CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-42) DAY AS DATE)
                                )
                              END
                            ) AS c
                          FROM "visits" AS t15
                          WHERE
                            "t15"."child_id" = (
                              "s"."e3"
                            )
                            AND (
                              (
                                COALESCE((
                                  (
                                    "t15"."type"
                                  ) = (
                                    'lac'
                                  )
                                ), TRUE)
                              )
                              AND (
                                COALESCE((
                                  (
                                    "t15"."date"
                                  ) >= (
                                    "s"."start_date"
                                  )
                                ), TRUE)
                              )
                              AND (
                                COALESCE(
                                  (
                                    CASE
                                      WHEN (
                                        (
                                          CAST('2025-03-31' AS DATE)
                                        ) IS NULL
                                      )
                                      OR (
                                        (
                                          "t15"."date"
                                        ) IS NULL
                                      )
                                      THEN NULL
                                      WHEN (
                                        "t15"."date"
                                      ) > (
                                        CAST('2025-03-31' AS DATE)
                                      )
                                      THEN FALSE
                                      ELSE (
                                        "t15"."date"
                                      ) >= (
                                        CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-42) DAY AS DATE)
                                      )
                                    END
                                  ),
                                  TRUE
                                )
                              )
                            )
                        ) AS q16
                      )
                    END
                  )
                  OR (
                    (
                      (
                        (
                          "s"."placement_long_term"
                        ) = (
                          TRUE
                        )
                      )
                      AND (
                        NOT (
                          (
                            (
                              NOT (
                                (
                                  "s"."placement_basis"
                                ) IS NULL
                              )
                            )
                            AND (
                              CASE
                                WHEN (
                                  "s"."placement_basis"
                                ) IS NULL
                                THEN NULL
                                ELSE (
                                  "s"."placement_basis"
                                ) IN ('reg19', 'reg24')
                              END
                            )
                          )
                          OR (
                            (
                              (
                                (
                                  NOT (
                                    (
                                      "s"."legal_status"
                                    ) IS NULL
                                  )
                                )
                                AND (
                                  NOT (
                                    (
                                      "s"."placement_type"
                                    ) IS NULL
                                  )
                                )
                              )
                              AND (
                                (
                                  "s"."legal_status"
                                ) = (
                                  'C1'
                                )
                              )
                            )
                            AND (
                              (
                                "s"."placement_type"
                              ) = (
                                'P1'
                              )
                            )
                          )
                        )
                      )
                    )
                    AND (
                      CASE
                        WHEN (
                          "s"."e2"
                        ) IS NULL
                        THEN NULL
                        ELSE (
                          SELECT
                            CASE
                              WHEN COUNT(CASE WHEN "q20"."c" THEN 1 END) > 0
                              THEN TRUE
                              WHEN COUNT(CASE WHEN (
                                "q20"."c"
                              ) IS NULL THEN 1 END) > 0
                              THEN NULL
                              ELSE FALSE
                            END
                          FROM (
                            SELECT
                              (
                                (
                                  (
                                    (
                                      "t19"."type"
                                    ) = (
                                      'lac'
                                    )
                                  )
                                  AND (
                                    (
                                      "t19"."date"
                                    ) >= (
                                      "s"."start_date"
                                    )
                                  )
                                )
                                AND (
                                  (
                                    "t19"."date"
                                  ) >= (
                                    CAST("s"."placement_start_date" + INTERVAL 12 MONTH AS DATE)
                                  )
                                )
                              )
                              AND (
                                CASE
                                  WHEN (
                                    (
                                      CAST('2025-03-31' AS DATE)
                                    ) IS NULL
                                  )
                                  OR (
                                    (
                                      "t19"."date"
                                    ) IS NULL
                                  )
                                  THEN NULL
                                  WHEN (
                                    "t19"."date"
                                  ) > (
                                    CAST('2025-03-31' AS DATE)
                                  )
                                  THEN FALSE
                                  ELSE (
                                    "t19"."date"
                                  ) >= (
                                    CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-3) MONTH AS DATE)
                                  )
                                END
                              ) AS c
                            FROM "visits" AS t19
                            WHERE
                              "t19"."child_id" = (
                                "s"."e3"
                              )
                              AND (
                                (
                                  COALESCE((
                                    (
                                      "t19"."type"
                                    ) = (
                                      'lac'
                                    )
                                  ), TRUE)
                                )
                                AND (
                                  COALESCE((
                                    (
                                      "t19"."date"
                                    ) >= (
                                      "s"."start_date"
                                    )
                                  ), TRUE)
                                )
                                AND (
                                  COALESCE(
                                    (
                                      (
                                        "t19"."date"
                                      ) >= (
                                        CAST("s"."placement_start_date" + INTERVAL 12 MONTH AS DATE)
                                      )
                                    ),
                                    TRUE
                                  )
                                )
                                AND (
                                  COALESCE(
                                    (
                                      CASE
                                        WHEN (
                                          (
                                            CAST('2025-03-31' AS DATE)
                                          ) IS NULL
                                        )
                                        OR (
                                          (
                                            "t19"."date"
                                          ) IS NULL
                                        )
                                        THEN NULL
                                        WHEN (
                                          "t19"."date"
                                        ) > (
                                          CAST('2025-03-31' AS DATE)
                                        )
                                        THEN FALSE
                                        ELSE (
                                          "t19"."date"
                                        ) >= (
                                          CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-3) MONTH AS DATE)
                                        )
                                      END
                                    ),
                                    TRUE
                                  )
                                )
                              )
                          ) AS q20
                        )
                      END
                    )
                  )
                )
              )
            )
          )
        ) AS "e4",
        CASE
          WHEN (
            "s"."e2"
          ) IS NULL
          THEN NULL
          WHEN "g31"."nk" = 1
          THEN NULL
          WHEN "g31"."u" = 1
          THEN NULL
          ELSE "g31"."r0"
        END AS "e6"
      FROM (
        SELECT
          s.*,
          COALESCE("s"."placement_start_date", "s"."start_date") AS "e1",
          "j2"."_row" AS "e2",
          "j2"."child_id" AS "e3",
          (
            (
              (
                "s"."start_date"
              ) <= (
                CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-7) DAY AS DATE)
              )
            )
            AND (
              (
                (
                  "s"."end_date"
                ) IS NULL
              )
              OR (
                (
                  "s"."end_date"
                ) > (
                  CAST('2025-03-31' AS DATE)
                )
              )
            )
          )
          AND (
            (
              (
                "s"."legal_status"
              ) IS NULL
            )
            OR (
              NOT (
                CASE
                  WHEN (
                    "s"."legal_status"
                  ) IS NULL
                  THEN NULL
                  ELSE (
                    "s"."legal_status"
                  ) IN ('V3', 'V4')
                END
              )
            )
          ) AS "e5"
        FROM "care_periods" AS s
        LEFT JOIN "children" AS j2
          ON "j2"."child_id" = (
            "s"."child_id"
          )
      ) AS s
      ASOF LEFT JOIN (
        SELECT
          *
        FROM (
          SELECT
            *,
            MAX(CASE WHEN (
              "q29"."k"
            ) IS NULL THEN 1 ELSE 0 END) OVER (PARTITION BY "q29"."f") AS nk
          FROM (
            SELECT
              "q28"."f",
              "q28"."k",
              MIN(CASE WHEN "q28"."p" THEN "q28"."r" END) AS r0,
              MAX(CASE WHEN (
                "q28"."p"
              ) IS NULL THEN 1 ELSE 0 END) AS u
            FROM (
              SELECT
                "t26"."child_id" AS f,
                "t26"."date" AS k,
                "t26"."_row" AS r,
                (
                  (
                    "t26"."type"
                  ) = (
                    'lac'
                  )
                ) AS p
              FROM "visits" AS t26
              WHERE
                (
                  NOT (
                    (
                      (
                        (
                          "t26"."type"
                        ) = (
                          'lac'
                        )
                      )
                    ) IS FALSE
                  )
                )
            ) AS q28
            GROUP BY
              "q28"."f",
              "q28"."k"
          ) AS q29
        ) AS q30
        WHERE
          NOT (
            "q30"."k"
          ) IS NULL
      ) AS g31
        ON "g31"."f" = (
          "s"."e3"
        ) AND (
          "s"."e1"
        ) <= "g31"."k"
    ) AS s
    LEFT JOIN "visits" AS j32
      ON "j32"."_row" = (
        "s"."e6"
      )
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- LAC-HEALTH-TIMELY: Children in care have an up-to-date health assessment
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'latest health assessment ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || '; aged ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ' at ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ' (due at least every 6 months under 5, every 12 months from 5)'
  END AS "reason_fail"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e6"
      )
      THEN CASE
        WHEN (
          "s"."e4"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e4"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e6"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e6" AS "_when",
    CASE
      WHEN (
        (
          "s"."e1"
        ) IS NULL
      )
      OR (
        EXISTS(
          SELECT
            1
          FROM "health_assessments" AS t9
          WHERE
            "t9"."child_id" = (
              "s"."e2"
            )
            AND (
              (
                "t9"."date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            ) IS NULL
        )
      )
      THEN NULL
      ELSE (
        SELECT
          CASE WHEN COUNT(*) = COUNT("q10"."v") THEN MAX("q10"."v") ELSE NULL END
        FROM (
          SELECT
            "t9"."date" AS v
          FROM "health_assessments" AS t9
          WHERE
            (
              "t9"."child_id" = (
                "s"."e2"
              )
            )
            AND (
              (
                "t9"."date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
        ) AS q10
      )
    END AS "r_fail_1",
    CASE
      WHEN (
        (
          "s"."e3"
        ) IS NULL
      )
      OR (
        (
          CAST('2025-03-31' AS DATE)
        ) IS NULL
      )
      THEN NULL
      ELSE (
        YEAR(CAST('2025-03-31' AS DATE)) - YEAR("s"."e3")
      ) - CASE
        WHEN (
          MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
        ) < (
          MONTH("s"."e3") * 100 + DAY("s"."e3")
        )
        THEN 1
        ELSE 0
      END
    END AS "r_fail_3",
    CAST('2025-03-31' AS DATE) AS "r_fail_5",
    CASE
      WHEN NOT (
        "s"."e6"
      )
      THEN CASE
        WHEN NOT (
          (
            (
              8908
            ) - (
              "s"."e5"
            )
          ) > (
            20
          )
        )
        THEN 'not applicable: ' || '`working_days_between(start_date, as_at) > 20` is false: working_days_between(start_date, as_at) = ' || COALESCE(CAST((
          8908
        ) - (
          "s"."e5"
        ) AS TEXT), 'missing')
        WHEN NOT (
          (
            (
              "s"."end_date"
            ) IS NULL
          )
          OR (
            (
              "s"."end_date"
            ) > (
              CAST('2025-03-31' AS DATE)
            )
          )
        )
        THEN 'not applicable: ' || '`end_date is missing` is false: end_date = ' || COALESCE(CAST("s"."end_date" AS TEXT), 'missing') || '; ' || '`end_date > as_at` is false: end_date = ' || COALESCE(CAST("s"."end_date" AS TEXT), 'missing') || ', as_at = ' || COALESCE(CAST(CAST('2025-03-31' AS DATE) AS TEXT), 'missing')
        WHEN NOT (
          (
            (
              "s"."legal_status"
            ) IS NULL
          )
          OR (
            NOT (
              CASE
                WHEN (
                  "s"."legal_status"
                ) IS NULL
                THEN NULL
                ELSE (
                  "s"."legal_status"
                ) IN ('V3', 'V4')
              END
            )
          )
        )
        THEN 'not applicable: ' || '`legal_status is missing` is false: legal_status = ' || COALESCE(CAST("s"."legal_status" AS TEXT), 'missing') || '; ' || '`legal_status not in ["V3", "V4"]` is false: legal_status = ' || COALESCE(CAST("s"."legal_status" AS TEXT), 'missing')
      END
    END AS "why_not_applicable"
  FROM (
    SELECT
      s.*,
      CASE
        WHEN (
          "s"."e1"
        ) IS NULL
        THEN NULL
        ELSE (
          SELECT
            CASE
              WHEN COUNT(CASE WHEN "q5"."c" THEN 1 END) > 0
              THEN TRUE
              WHEN COUNT(CASE WHEN (
                "q5"."c"
              ) IS NULL THEN 1 END) > 0
              THEN NULL
              ELSE FALSE
            END
          FROM (
            SELECT
              (
                CASE
                  WHEN (
                    (
                      CAST('2025-03-31' AS DATE)
                    ) IS NULL
                  )
                  OR (
                    (
                      "t3"."date"
                    ) IS NULL
                  )
                  THEN NULL
                  WHEN (
                    "t3"."date"
                  ) > (
                    CAST('2025-03-31' AS DATE)
                  )
                  THEN FALSE
                  ELSE (
                    "t3"."date"
                  ) >= (
                    CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE)
                  )
                END
              )
              AND (
                (
                  (
                    CASE
                      WHEN (
                        (
                          "s"."e3"
                        ) IS NULL
                      )
                      OR (
                        (
                          CAST('2025-03-31' AS DATE)
                        ) IS NULL
                      )
                      THEN NULL
                      ELSE (
                        YEAR(CAST('2025-03-31' AS DATE)) - YEAR("s"."e3")
                      ) - CASE
                        WHEN (
                          MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
                        ) < (
                          MONTH("s"."e3") * 100 + DAY("s"."e3")
                        )
                        THEN 1
                        ELSE 0
                      END
                    END
                  ) >= (
                    5
                  )
                )
                OR (
                  CASE
                    WHEN (
                      (
                        CAST('2025-03-31' AS DATE)
                      ) IS NULL
                    )
                    OR (
                      (
                        "t3"."date"
                      ) IS NULL
                    )
                    THEN NULL
                    WHEN (
                      "t3"."date"
                    ) > (
                      CAST('2025-03-31' AS DATE)
                    )
                    THEN FALSE
                    ELSE (
                      "t3"."date"
                    ) >= (
                      CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-6) MONTH AS DATE)
                    )
                  END
                )
              ) AS c
            FROM "health_assessments" AS t3
            WHERE
              "t3"."child_id" = (
                "s"."e2"
              )
              AND (
                (
                  COALESCE(
                    (
                      CASE
                        WHEN (
                          (
                            CAST('2025-03-31' AS DATE)
                          ) IS NULL
                        )
                        OR (
                          (
                            "t3"."date"
                          ) IS NULL
                        )
                        THEN NULL
                        WHEN (
                          "t3"."date"
                        ) > (
                          CAST('2025-03-31' AS DATE)
                        )
                        THEN FALSE
                        ELSE (
                          "t3"."date"
                        ) >= (
                          CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE)
                        )
                      END
                    ),
                    TRUE
                  )
                )
                AND (
                  COALESCE(
                    (
                      (
                        (
                          CASE
                            WHEN (
                              (
                                "s"."e3"
                              ) IS NULL
                            )
                            OR (
                              (
                                CAST('2025-03-31' AS DATE)
                              ) IS NULL
                            )
                            THEN NULL
                            ELSE (
                              YEAR(CAST('2025-03-31' AS DATE)) - YEAR("s"."e3")
                            ) - CASE
                              WHEN (
                                MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
                              ) < (
                                MONTH("s"."e3") * 100 + DAY("s"."e3")
                              )
                              THEN 1
                              ELSE 0
                            END
                          END
                        ) >= (
                          5
                        )
                      )
                      OR (
                        CASE
                          WHEN (
                            (
                              CAST('2025-03-31' AS DATE)
                            ) IS NULL
                          )
                          OR (
                            (
                              "t3"."date"
                            ) IS NULL
                          )
                          THEN NULL
                          WHEN (
                            "t3"."date"
                          ) > (
                            CAST('2025-03-31' AS DATE)
                          )
                          THEN FALSE
                          ELSE (
                            "t3"."date"
                          ) >= (
                            CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-6) MONTH AS DATE)
                          )
                        END
                      )
                    ),
                    TRUE
                  )
                )
              )
          ) AS q5
        )
      END AS "e4",
      (
        (
          (
            (
              8908
            ) - (
              "s"."e5"
            )
          ) > (
            20
          )
        )
        AND (
          (
            (
              "s"."end_date"
            ) IS NULL
          )
          OR (
            (
              "s"."end_date"
            ) > (
              CAST('2025-03-31' AS DATE)
            )
          )
        )
      )
      AND (
        (
          (
            "s"."legal_status"
          ) IS NULL
        )
        OR (
          NOT (
            CASE
              WHEN (
                "s"."legal_status"
              ) IS NULL
              THEN NULL
              ELSE (
                "s"."legal_status"
              ) IN ('V3', 'V4')
            END
          )
        )
      ) AS "e6"
    FROM (
      SELECT
        s.*,
        "j2"."_row" AS "e1",
        "j2"."child_id" AS "e2",
        "j2"."date_of_birth" AS "e3",
        (
          SELECT
            "c6"."wd"
          FROM "cc_calendar" AS c6
          WHERE
            "c6"."d" = (
              "s"."start_date"
            )
        ) AS "e5"
      FROM "care_periods" AS s
      LEFT JOIN "children" AS j2
        ON "j2"."child_id" = (
          "s"."child_id"
        )
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- LAC-IHA-20WD: Children coming into care have an initial health assessment within 20 working days
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'in care from ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ': initial health assessment ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ', ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ' working days after the start (limit 20)'
  END AS "reason_fail"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e8"
      )
      THEN CASE
        WHEN (
          "s"."e4"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e4"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e8"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e8" AS "_when",
    "s"."start_date" AS "r_fail_1",
    "s"."e11" AS "r_fail_3",
    (
      "s"."e13"
    ) - (
      "s"."e3"
    ) AS "r_fail_5",
    CASE
      WHEN NOT (
        "s"."e8"
      )
      THEN CASE
        WHEN NOT (
          (
            "s"."start_date"
          ) > (
            CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE)
          )
        )
        THEN 'not applicable: ' || '`start_date > as_at - 1 year` is false: start_date = ' || COALESCE(CAST("s"."start_date" AS TEXT), 'missing') || ', as_at - 1 year = ' || COALESCE(
          CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) AS TEXT),
          'missing'
        ) || ', as_at = ' || COALESCE(CAST(CAST('2025-03-31' AS DATE) AS TEXT), 'missing')
        WHEN NOT (
          (
            "s"."start_date"
          ) <= (
            CAST('2025-03-31' AS DATE)
          )
        )
        THEN 'not applicable: ' || '`start_date <= as_at` is false: start_date = ' || COALESCE(CAST("s"."start_date" AS TEXT), 'missing') || ', as_at = ' || COALESCE(CAST(CAST('2025-03-31' AS DATE) AS TEXT), 'missing')
        WHEN NOT (
          (
            (
              "s"."legal_status"
            ) IS NULL
          )
          OR (
            NOT (
              CASE
                WHEN (
                  "s"."legal_status"
                ) IS NULL
                THEN NULL
                ELSE (
                  "s"."legal_status"
                ) IN ('V3', 'V4')
              END
            )
          )
        )
        THEN 'not applicable: ' || '`legal_status is missing` is false: legal_status = ' || COALESCE(CAST("s"."legal_status" AS TEXT), 'missing') || '; ' || '`legal_status not in ["V3", "V4"]` is false: legal_status = ' || COALESCE(CAST("s"."legal_status" AS TEXT), 'missing')
        WHEN NOT (
          (
            CASE
              WHEN (
                "s"."e1"
              ) IS NULL
              THEN NULL
              ELSE (
                SELECT
                  CASE
                    WHEN COUNT(CASE WHEN "q33"."c" THEN 1 END) > 0
                    THEN TRUE
                    WHEN COUNT(CASE WHEN (
                      "q33"."c"
                    ) IS NULL THEN 1 END) > 0
                    THEN NULL
                    ELSE FALSE
                  END
                FROM (
                  SELECT
                    (
                      (
                        "t32"."type"
                      ) = (
                        'initial'
                      )
                    )
                    AND (
                      CASE
                        WHEN (
                          (
                            "t32"."date"
                          ) IS NULL
                        )
                        OR (
                          (
                            "s"."start_date"
                          ) IS NULL
                        )
                        OR (
                          (
                            CAST('2025-03-31' AS DATE)
                          ) IS NULL
                        )
                        THEN NULL
                        ELSE (
                          (
                            "t32"."date"
                          ) >= (
                            "s"."start_date"
                          )
                        )
                        AND (
                          (
                            "t32"."date"
                          ) <= (
                            CAST('2025-03-31' AS DATE)
                          )
                        )
                      END
                    ) AS c
                  FROM "health_assessments" AS t32
                  WHERE
                    "t32"."child_id" = (
                      "s"."e2"
                    )
                    AND (
                      (
                        COALESCE((
                          (
                            "t32"."type"
                          ) = (
                            'initial'
                          )
                        ), TRUE)
                      )
                      AND (
                        COALESCE(
                          (
                            CASE
                              WHEN (
                                (
                                  "t32"."date"
                                ) IS NULL
                              )
                              OR (
                                (
                                  "s"."start_date"
                                ) IS NULL
                              )
                              OR (
                                (
                                  CAST('2025-03-31' AS DATE)
                                ) IS NULL
                              )
                              THEN NULL
                              ELSE (
                                (
                                  "t32"."date"
                                ) >= (
                                  "s"."start_date"
                                )
                              )
                              AND (
                                (
                                  "t32"."date"
                                ) <= (
                                  CAST('2025-03-31' AS DATE)
                                )
                              )
                            END
                          ),
                          TRUE
                        )
                      )
                    )
                ) AS q33
              )
            END
          )
          OR (
            (
              (
                "s"."e7"
              ) - (
                "s"."e3"
              )
            ) > (
              20
            )
          )
        )
        THEN 'not applicable: ' || CASE
          WHEN (
            SELECT
              COUNT(*)
            FROM "health_assessments" AS t29
            WHERE
              "t29"."child_id" = (
                "s"."e2"
              )
          ) = 0
          THEN 'child.health_assessments is empty: nothing for `h` to stand for'
          ELSE 'no h in child.health_assessments where h.type == "initial" and h.date between start_date and as_at (' || CAST((
            SELECT
              COUNT(*)
            FROM "health_assessments" AS t29
            WHERE
              "t29"."child_id" = (
                "s"."e2"
              )
          ) AS TEXT) || CASE
            WHEN (
              SELECT
                COUNT(*)
              FROM "health_assessments" AS t29
              WHERE
                "t29"."child_id" = (
                  "s"."e2"
                )
            ) = 1
            THEN ' item'
            ELSE ' items'
          END || ' in child.health_assessments)'
        END || '; ' || '`working_days_between(start_date, min([end_date ?? as_at, as_at])) > 20` is false: working_days_between(start_date, min([end_date ?? as_at, as_at])) = ' || COALESCE(CAST((
          "s"."e7"
        ) - (
          "s"."e3"
        ) AS TEXT), 'missing')
      END
    END AS "why_not_applicable"
  FROM (
    SELECT
      s.*,
      (
        SELECT
          "c26"."wd"
        FROM "cc_calendar" AS c26
        WHERE
          "c26"."d" = (
            "s"."e12"
          )
      ) AS "e13"
    FROM (
      SELECT
        s.*,
        (
          (
            (
              (
                "s"."start_date"
              ) > (
                CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE)
              )
            )
            AND (
              (
                "s"."start_date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
          )
          AND (
            (
              (
                "s"."legal_status"
              ) IS NULL
            )
            OR (
              NOT (
                CASE
                  WHEN (
                    "s"."legal_status"
                  ) IS NULL
                  THEN NULL
                  ELSE (
                    "s"."legal_status"
                  ) IN ('V3', 'V4')
                END
              )
            )
          )
        )
        AND (
          (
            CASE
              WHEN (
                "s"."e1"
              ) IS NULL
              THEN NULL
              ELSE (
                SELECT
                  CASE
                    WHEN COUNT(CASE WHEN "q10"."c" THEN 1 END) > 0
                    THEN TRUE
                    WHEN COUNT(CASE WHEN (
                      "q10"."c"
                    ) IS NULL THEN 1 END) > 0
                    THEN NULL
                    ELSE FALSE
                  END
                FROM (
                  SELECT
                    (
                      (
                        "t9"."type"
                      ) = (
                        'initial'
                      )
                    )
                    AND (
                      CASE
                        WHEN (
                          (
                            "t9"."date"
                          ) IS NULL
                        )
                        OR (
                          (
                            "s"."start_date"
                          ) IS NULL
                        )
                        OR (
                          (
                            CAST('2025-03-31' AS DATE)
                          ) IS NULL
                        )
                        THEN NULL
                        ELSE (
                          (
                            "t9"."date"
                          ) >= (
                            "s"."start_date"
                          )
                        )
                        AND (
                          (
                            "t9"."date"
                          ) <= (
                            CAST('2025-03-31' AS DATE)
                          )
                        )
                      END
                    ) AS c
                  FROM "health_assessments" AS t9
                  WHERE
                    "t9"."child_id" = (
                      "s"."e2"
                    )
                    AND (
                      (
                        COALESCE((
                          (
                            "t9"."type"
                          ) = (
                            'initial'
                          )
                        ), TRUE)
                      )
                      AND (
                        COALESCE(
                          (
                            CASE
                              WHEN (
                                (
                                  "t9"."date"
                                ) IS NULL
                              )
                              OR (
                                (
                                  "s"."start_date"
                                ) IS NULL
                              )
                              OR (
                                (
                                  CAST('2025-03-31' AS DATE)
                                ) IS NULL
                              )
                              THEN NULL
                              ELSE (
                                (
                                  "t9"."date"
                                ) >= (
                                  "s"."start_date"
                                )
                              )
                              AND (
                                (
                                  "t9"."date"
                                ) <= (
                                  CAST('2025-03-31' AS DATE)
                                )
                              )
                            END
                          ),
                          TRUE
                        )
                      )
                    )
                ) AS q10
              )
            END
          )
          OR (
            (
              (
                "s"."e7"
              ) - (
                "s"."e3"
              )
            ) > (
              20
            )
          )
        ) AS "e8",
        COALESCE(
          "s"."e11",
          CASE
            WHEN (
              (
                "s"."e5"
              ) IS NULL
            )
            OR (
              (
                CAST('2025-03-31' AS DATE)
              ) IS NULL
            )
            THEN NULL
            ELSE CASE
              WHEN "s"."e5" IS NULL OR CAST('2025-03-31' AS DATE) IS NULL
              THEN NULL
              ELSE LEAST("s"."e5", CAST('2025-03-31' AS DATE))
            END
          END
        ) AS "e12"
      FROM (
        SELECT
          s.*,
          (
            SELECT
              "c12"."wd"
            FROM "cc_calendar" AS c12
            WHERE
              "c12"."d" = (
                "s"."e6"
              )
          ) AS "e7",
          "j21"."date" AS "e11"
        FROM (
          SELECT
            s.*,
            CASE
              WHEN (
                "s"."e1"
              ) IS NULL
              THEN NULL
              ELSE (
                SELECT
                  CASE
                    WHEN COUNT(CASE WHEN "q6"."c" THEN 1 END) > 0
                    THEN TRUE
                    WHEN COUNT(CASE WHEN (
                      "q6"."c"
                    ) IS NULL THEN 1 END) > 0
                    THEN NULL
                    ELSE FALSE
                  END
                FROM (
                  SELECT
                    (
                      (
                        "t3"."type"
                      ) = (
                        'initial'
                      )
                    )
                    AND (
                      CASE
                        WHEN (
                          (
                            "s"."start_date"
                          ) IS NULL
                        ) OR (
                          (
                            "t3"."date"
                          ) IS NULL
                        )
                        THEN NULL
                        WHEN (
                          "t3"."date"
                        ) < (
                          "s"."start_date"
                        )
                        THEN FALSE
                        ELSE (
                          (
                            SELECT
                              "c4"."wd"
                            FROM "cc_calendar" AS c4
                            WHERE
                              "c4"."d" = (
                                "t3"."date"
                              )
                          ) - "s"."e3"
                        ) <= 20
                      END
                    ) AS c
                  FROM "health_assessments" AS t3
                  WHERE
                    "t3"."child_id" = (
                      "s"."e2"
                    )
                    AND (
                      COALESCE((
                        (
                          "t3"."type"
                        ) = (
                          'initial'
                        )
                      ), TRUE)
                    )
                ) AS q6
              )
            END AS "e4",
            CASE
              WHEN (
                (
                  "s"."e5"
                ) IS NULL
              )
              OR (
                (
                  CAST('2025-03-31' AS DATE)
                ) IS NULL
              )
              THEN NULL
              ELSE CASE
                WHEN "s"."e5" IS NULL OR CAST('2025-03-31' AS DATE) IS NULL
                THEN NULL
                ELSE LEAST("s"."e5", CAST('2025-03-31' AS DATE))
              END
            END AS "e6",
            CASE
              WHEN (
                "s"."e1"
              ) IS NULL
              THEN NULL
              WHEN "g20"."nk" = 1
              THEN NULL
              WHEN "g20"."u" = 1
              THEN NULL
              ELSE "g20"."r0"
            END AS "e10"
          FROM (
            SELECT
              s.*,
              "j2"."_row" AS "e1",
              "j2"."child_id" AS "e2",
              (
                SELECT
                  "c5"."wd"
                FROM "cc_calendar" AS c5
                WHERE
                  "c5"."d" = (
                    "s"."start_date"
                  )
              ) AS "e3",
              COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) AS "e5",
              "s"."start_date" AS "e9"
            FROM "care_periods" AS s
            LEFT JOIN "children" AS j2
              ON "j2"."child_id" = (
                "s"."child_id"
              )
          ) AS s
          ASOF LEFT JOIN (
            SELECT
              *
            FROM (
              SELECT
                *,
                MAX(CASE WHEN (
                  "q18"."k"
                ) IS NULL THEN 1 ELSE 0 END) OVER (PARTITION BY "q18"."f") AS nk
              FROM (
                SELECT
                  "q17"."f",
                  "q17"."k",
                  MIN(CASE WHEN "q17"."p" THEN "q17"."r" END) AS r0,
                  MAX(CASE WHEN (
                    "q17"."p"
                  ) IS NULL THEN 1 ELSE 0 END) AS u
                FROM (
                  SELECT
                    "t15"."child_id" AS f,
                    "t15"."date" AS k,
                    "t15"."_row" AS r,
                    (
                      (
                        "t15"."type"
                      ) = (
                        'initial'
                      )
                    ) AS p
                  FROM "health_assessments" AS t15
                  WHERE
                    (
                      NOT (
                        (
                          (
                            (
                              "t15"."type"
                            ) = (
                              'initial'
                            )
                          )
                        ) IS FALSE
                      )
                    )
                ) AS q17
                GROUP BY
                  "q17"."f",
                  "q17"."k"
              ) AS q18
            ) AS q19
            WHERE
              NOT (
                "q19"."k"
              ) IS NULL
          ) AS g20
            ON "g20"."f" = (
              "s"."e2"
            ) AND (
              "s"."e9"
            ) <= "g20"."k"
        ) AS s
        LEFT JOIN "health_assessments" AS j21
          ON "j21"."_row" = (
            "s"."e10"
          )
      ) AS s
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- LAC-PEP-TERMLY: School-age children in care have a current personal education plan
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'latest PEP ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ': none in the ' || '4 months' || ' to ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ' (aged ' || COALESCE(CAST("r_fail_7" AS TEXT), 'missing') || ')'
  END AS "reason_fail"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e7"
      )
      THEN CASE
        WHEN (
          "s"."e3"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e3"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e7"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e7" AS "_when",
    CASE
      WHEN (
        (
          "s"."e1"
        ) IS NULL
      )
      OR (
        EXISTS(
          SELECT
            1
          FROM "peps" AS t9
          WHERE
            "t9"."child_id" = (
              "s"."e2"
            )
            AND (
              (
                "t9"."date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            ) IS NULL
        )
      )
      THEN NULL
      ELSE (
        SELECT
          CASE WHEN COUNT(*) = COUNT("q10"."v") THEN MAX("q10"."v") ELSE NULL END
        FROM (
          SELECT
            "t9"."date" AS v
          FROM "peps" AS t9
          WHERE
            (
              "t9"."child_id" = (
                "s"."e2"
              )
            )
            AND (
              (
                "t9"."date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
        ) AS q10
      )
    END AS "r_fail_1",
    CAST('2025-03-31' AS DATE) AS "r_fail_5",
    CASE
      WHEN (
        (
          "s"."e5"
        ) IS NULL
      )
      OR (
        (
          CAST('2025-03-31' AS DATE)
        ) IS NULL
      )
      THEN NULL
      ELSE (
        YEAR(CAST('2025-03-31' AS DATE)) - YEAR("s"."e5")
      ) - CASE
        WHEN (
          MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
        ) < (
          MONTH("s"."e5") * 100 + DAY("s"."e5")
        )
        THEN 1
        ELSE 0
      END
    END AS "r_fail_7",
    CASE
      WHEN NOT (
        "s"."e7"
      )
      THEN CASE
        WHEN NOT (
          (
            (
              8908
            ) - (
              "s"."e4"
            )
          ) > (
            20
          )
        )
        THEN 'not applicable: ' || '`working_days_between(start_date, as_at) > 20` is false: working_days_between(start_date, as_at) = ' || COALESCE(CAST((
          8908
        ) - (
          "s"."e4"
        ) AS TEXT), 'missing')
        WHEN NOT (
          (
            (
              "s"."end_date"
            ) IS NULL
          )
          OR (
            (
              "s"."end_date"
            ) > (
              CAST('2025-03-31' AS DATE)
            )
          )
        )
        THEN 'not applicable: ' || '`end_date is missing` is false: end_date = ' || COALESCE(CAST("s"."end_date" AS TEXT), 'missing') || '; ' || '`end_date > as_at` is false: end_date = ' || COALESCE(CAST("s"."end_date" AS TEXT), 'missing') || ', as_at = ' || COALESCE(CAST(CAST('2025-03-31' AS DATE) AS TEXT), 'missing')
        WHEN NOT (
          CASE
            WHEN (
              (
                "s"."e6"
              ) IS NULL
            )
            OR (
              (
                5
              ) IS NULL
            )
            OR (
              (
                17
              ) IS NULL
            )
            THEN NULL
            ELSE (
              (
                "s"."e6"
              ) >= (
                5
              )
            )
            AND (
              (
                "s"."e6"
              ) <= (
                17
              )
            )
          END
        )
        THEN 'not applicable: ' || '`age(child.date_of_birth, as_at) between 5 and 17` is false: age(child.date_of_birth, as_at) = ' || COALESCE(
          CAST(CASE
            WHEN (
              (
                "s"."e5"
              ) IS NULL
            )
            OR (
              (
                CAST('2025-03-31' AS DATE)
              ) IS NULL
            )
            THEN NULL
            ELSE (
              YEAR(CAST('2025-03-31' AS DATE)) - YEAR("s"."e5")
            ) - CASE
              WHEN (
                MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
              ) < (
                MONTH("s"."e5") * 100 + DAY("s"."e5")
              )
              THEN 1
              ELSE 0
            END
          END AS TEXT),
          'missing'
        )
        WHEN NOT (
          (
            (
              "s"."legal_status"
            ) IS NULL
          )
          OR (
            NOT (
              CASE
                WHEN (
                  "s"."legal_status"
                ) IS NULL
                THEN NULL
                ELSE (
                  "s"."legal_status"
                ) IN ('V3', 'V4')
              END
            )
          )
        )
        THEN 'not applicable: ' || '`legal_status is missing` is false: legal_status = ' || COALESCE(CAST("s"."legal_status" AS TEXT), 'missing') || '; ' || '`legal_status not in ["V3", "V4"]` is false: legal_status = ' || COALESCE(CAST("s"."legal_status" AS TEXT), 'missing')
      END
    END AS "why_not_applicable"
  FROM (
    SELECT
      s.*,
      (
        (
          (
            (
              (
                8908
              ) - (
                "s"."e4"
              )
            ) > (
              20
            )
          )
          AND (
            (
              (
                "s"."end_date"
              ) IS NULL
            )
            OR (
              (
                "s"."end_date"
              ) > (
                CAST('2025-03-31' AS DATE)
              )
            )
          )
        )
        AND (
          CASE
            WHEN (
              (
                "s"."e6"
              ) IS NULL
            )
            OR (
              (
                5
              ) IS NULL
            )
            OR (
              (
                17
              ) IS NULL
            )
            THEN NULL
            ELSE (
              (
                "s"."e6"
              ) >= (
                5
              )
            )
            AND (
              (
                "s"."e6"
              ) <= (
                17
              )
            )
          END
        )
      )
      AND (
        (
          (
            "s"."legal_status"
          ) IS NULL
        )
        OR (
          NOT (
            CASE
              WHEN (
                "s"."legal_status"
              ) IS NULL
              THEN NULL
              ELSE (
                "s"."legal_status"
              ) IN ('V3', 'V4')
            END
          )
        )
      ) AS "e7"
    FROM (
      SELECT
        s.*,
        CASE
          WHEN (
            "s"."e1"
          ) IS NULL
          THEN NULL
          ELSE (
            SELECT
              CASE
                WHEN COUNT(CASE WHEN "q4"."c" THEN 1 END) > 0
                THEN TRUE
                WHEN COUNT(CASE WHEN (
                  "q4"."c"
                ) IS NULL THEN 1 END) > 0
                THEN NULL
                ELSE FALSE
              END
            FROM (
              SELECT
                CASE
                  WHEN (
                    (
                      CAST('2025-03-31' AS DATE)
                    ) IS NULL
                  )
                  OR (
                    (
                      "t3"."date"
                    ) IS NULL
                  )
                  THEN NULL
                  WHEN (
                    "t3"."date"
                  ) > (
                    CAST('2025-03-31' AS DATE)
                  )
                  THEN FALSE
                  ELSE (
                    "t3"."date"
                  ) >= (
                    CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-4) MONTH AS DATE)
                  )
                END AS c
              FROM "peps" AS t3
              WHERE
                "t3"."child_id" = (
                  "s"."e2"
                )
                AND (
                  COALESCE(
                    (
                      CASE
                        WHEN (
                          (
                            CAST('2025-03-31' AS DATE)
                          ) IS NULL
                        )
                        OR (
                          (
                            "t3"."date"
                          ) IS NULL
                        )
                        THEN NULL
                        WHEN (
                          "t3"."date"
                        ) > (
                          CAST('2025-03-31' AS DATE)
                        )
                        THEN FALSE
                        ELSE (
                          "t3"."date"
                        ) >= (
                          CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-4) MONTH AS DATE)
                        )
                      END
                    ),
                    TRUE
                  )
                )
            ) AS q4
          )
        END AS "e3",
        CASE
          WHEN (
            (
              "s"."e5"
            ) IS NULL
          )
          OR (
            (
              CAST('2025-03-31' AS DATE)
            ) IS NULL
          )
          THEN NULL
          ELSE (
            YEAR(CAST('2025-03-31' AS DATE)) - YEAR("s"."e5")
          ) - CASE
            WHEN (
              MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
            ) < (
              MONTH("s"."e5") * 100 + DAY("s"."e5")
            )
            THEN 1
            ELSE 0
          END
        END AS "e6"
      FROM (
        SELECT
          s.*,
          "j2"."_row" AS "e1",
          "j2"."child_id" AS "e2",
          (
            SELECT
              "c5"."wd"
            FROM "cc_calendar" AS c5
            WHERE
              "c5"."d" = (
                "s"."start_date"
              )
          ) AS "e4",
          "j2"."date_of_birth" AS "e5"
        FROM "care_periods" AS s
        LEFT JOIN "children" AS j2
          ON "j2"."child_id" = (
            "s"."child_id"
          )
      ) AS s
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- LAC-PLACEMENT-STABILITY: Children in care with three or more placements in the last 12 months
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN COALESCE(CAST("r_fail_0" AS TEXT), 'missing') || ' placements in the 12 months to ' || COALESCE(CAST("r_fail_2" AS TEXT), 'missing') || ' (3 or more is unstable)'
  END AS "reason_fail"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."placements_last_12_months" AS "r_fail_0",
    CAST('2025-03-31' AS DATE) AS "r_fail_2",
    CASE
      WHEN NOT (
        "s"."e2"
      )
      THEN CASE
        WHEN NOT (
          (
            "s"."start_date"
          ) <= (
            CAST('2025-03-31' AS DATE)
          )
        )
        THEN 'not applicable: ' || '`start_date <= as_at` is false: start_date = ' || COALESCE(CAST("s"."start_date" AS TEXT), 'missing') || ', as_at = ' || COALESCE(CAST(CAST('2025-03-31' AS DATE) AS TEXT), 'missing')
        WHEN NOT (
          (
            (
              "s"."end_date"
            ) IS NULL
          )
          OR (
            (
              "s"."end_date"
            ) > (
              CAST('2025-03-31' AS DATE)
            )
          )
        )
        THEN 'not applicable: ' || '`end_date is missing` is false: end_date = ' || COALESCE(CAST("s"."end_date" AS TEXT), 'missing') || '; ' || '`end_date > as_at` is false: end_date = ' || COALESCE(CAST("s"."end_date" AS TEXT), 'missing') || ', as_at = ' || COALESCE(CAST(CAST('2025-03-31' AS DATE) AS TEXT), 'missing')
        WHEN NOT (
          (
            (
              "s"."legal_status"
            ) IS NULL
          )
          OR (
            NOT (
              CASE
                WHEN (
                  "s"."legal_status"
                ) IS NULL
                THEN NULL
                ELSE (
                  "s"."legal_status"
                ) IN ('V3', 'V4')
              END
            )
          )
        )
        THEN 'not applicable: ' || '`legal_status is missing` is false: legal_status = ' || COALESCE(CAST("s"."legal_status" AS TEXT), 'missing') || '; ' || '`legal_status not in ["V3", "V4"]` is false: legal_status = ' || COALESCE(CAST("s"."legal_status" AS TEXT), 'missing')
      END
    END AS "why_not_applicable"
  FROM (
    SELECT
      s.*,
      (
        "s"."placements_last_12_months"
      ) <= (
        2
      ) AS "e1",
      (
        (
          (
            "s"."start_date"
          ) <= (
            CAST('2025-03-31' AS DATE)
          )
        )
        AND (
          (
            (
              "s"."end_date"
            ) IS NULL
          )
          OR (
            (
              "s"."end_date"
            ) > (
              CAST('2025-03-31' AS DATE)
            )
          )
        )
      )
      AND (
        (
          (
            "s"."legal_status"
          ) IS NULL
        )
        OR (
          NOT (
            CASE
              WHEN (
                "s"."legal_status"
              ) IS NULL
              THEN NULL
              ELSE (
                "s"."legal_status"
              ) IN ('V3', 'V4')
            END
          )
        )
      ) AS "e2"
    FROM "care_periods" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- LAC-REVIEW-PARTICIPATION: Children in care take part in their reviews
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'review on ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ': the child did not participate (aged ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ')'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'review on ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ': outside the audit year to ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || ', or the child was under 4 (aged ' || COALESCE(CAST("r_not_applicable_5" AS TEXT), 'missing') || ')'
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'review on ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ': participation ' || COALESCE(
      CASE
        WHEN "r_not_evidenced_3"
        THEN 'true'
        WHEN NOT (
          "r_not_evidenced_3"
        )
        THEN 'false'
      END,
      'missing'
    ) || ', aged ' || COALESCE(CAST("r_not_evidenced_5" AS TEXT), 'missing') || ' (not recorded, or child ' || COALESCE(CAST("r_not_evidenced_7" AS TEXT), 'missing') || ' not in the children table)'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'review on ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ': the child participated (aged ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing') || ')'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e4"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e4"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e4" AS "_when",
    "s"."date" AS "r_fail_1",
    CASE
      WHEN (
        (
          "s"."e3"
        ) IS NULL
      ) OR (
        (
          "s"."date"
        ) IS NULL
      )
      THEN NULL
      ELSE (
        YEAR("s"."date") - YEAR("s"."e3")
      ) - CASE
        WHEN (
          MONTH("s"."date") * 100 + DAY("s"."date")
        ) < (
          MONTH("s"."e3") * 100 + DAY("s"."e3")
        )
        THEN 1
        ELSE 0
      END
    END AS "r_fail_3",
    "s"."date" AS "r_not_applicable_1",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_3",
    CASE
      WHEN (
        (
          "s"."e3"
        ) IS NULL
      ) OR (
        (
          "s"."date"
        ) IS NULL
      )
      THEN NULL
      ELSE (
        YEAR("s"."date") - YEAR("s"."e3")
      ) - CASE
        WHEN (
          MONTH("s"."date") * 100 + DAY("s"."date")
        ) < (
          MONTH("s"."e3") * 100 + DAY("s"."e3")
        )
        THEN 1
        ELSE 0
      END
    END AS "r_not_applicable_5",
    "s"."date" AS "r_not_evidenced_1",
    "s"."child_participated" AS "r_not_evidenced_3",
    CASE
      WHEN (
        (
          "s"."e3"
        ) IS NULL
      ) OR (
        (
          "s"."date"
        ) IS NULL
      )
      THEN NULL
      ELSE (
        YEAR("s"."date") - YEAR("s"."e3")
      ) - CASE
        WHEN (
          MONTH("s"."date") * 100 + DAY("s"."date")
        ) < (
          MONTH("s"."e3") * 100 + DAY("s"."e3")
        )
        THEN 1
        ELSE 0
      END
    END AS "r_not_evidenced_5",
    "s"."child_id" AS "r_not_evidenced_7",
    "s"."date" AS "r_pass_1",
    CASE
      WHEN (
        (
          "s"."e3"
        ) IS NULL
      ) OR (
        (
          "s"."date"
        ) IS NULL
      )
      THEN NULL
      ELSE (
        YEAR("s"."date") - YEAR("s"."e3")
      ) - CASE
        WHEN (
          MONTH("s"."date") * 100 + DAY("s"."date")
        ) < (
          MONTH("s"."e3") * 100 + DAY("s"."e3")
        )
        THEN 1
        ELSE 0
      END
    END AS "r_pass_3"
  FROM (
    SELECT
      s.*,
      (
        CASE
          WHEN (
            (
              "s"."date"
            ) IS NULL
          )
          OR (
            (
              CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
            ) IS NULL
          )
          OR (
            (
              CAST('2025-03-31' AS DATE)
            ) IS NULL
          )
          THEN NULL
          ELSE (
            (
              "s"."date"
            ) >= (
              CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
            )
          )
          AND (
            (
              "s"."date"
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
        END
      )
      AND (
        (
          CASE
            WHEN (
              (
                "s"."e3"
              ) IS NULL
            ) OR (
              (
                "s"."date"
              ) IS NULL
            )
            THEN NULL
            ELSE (
              YEAR("s"."date") - YEAR("s"."e3")
            ) - CASE
              WHEN (
                MONTH("s"."date") * 100 + DAY("s"."date")
              ) < (
                MONTH("s"."e3") * 100 + DAY("s"."e3")
              )
              THEN 1
              ELSE 0
            END
          END
        ) >= (
          4
        )
      ) AS "e4"
    FROM (
      SELECT
        s.*,
        (
          "s"."child_participated"
        ) = (
          TRUE
        ) AS "e1",
        "j2"."_row" AS "e2",
        "j2"."date_of_birth" AS "e3"
      FROM "lac_reviews" AS s
      LEFT JOIN "children" AS j2
        ON "j2"."child_id" = (
          "s"."child_id"
        )
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- LAC-SEEN-ALONE: Children in care were seen alone at their latest statutory visit
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'latest statutory visit ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ': child not seen alone (seen: ' || COALESCE(
      CASE WHEN "r_fail_3" THEN 'true' WHEN NOT (
        "r_fail_3"
      ) THEN 'false' END,
      'missing'
    ) || ')'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'period of care from ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ' (ended ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || '): not in care at ' || COALESCE(CAST("r_not_applicable_5" AS TEXT), 'missing') || ', in care less than a week with no visit yet, or under 4 (aged ' || COALESCE(CAST("r_not_applicable_7" AS TEXT), 'missing') || ')'
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'latest statutory visit ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ': seen alone not recorded, no statutory visit in this period, or the child''s date of birth or record missing'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'latest statutory visit ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ': child seen alone'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e7"
      )
      THEN CASE
        WHEN (
          "s"."e5"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e5"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e7"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e7" AS "_when",
    "s"."e8" AS "r_fail_1",
    "s"."e9" AS "r_fail_3",
    "s"."start_date" AS "r_not_applicable_1",
    "s"."end_date" AS "r_not_applicable_3",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_5",
    CASE
      WHEN (
        (
          "s"."e6"
        ) IS NULL
      )
      OR (
        (
          CAST('2025-03-31' AS DATE)
        ) IS NULL
      )
      THEN NULL
      ELSE (
        YEAR(CAST('2025-03-31' AS DATE)) - YEAR("s"."e6")
      ) - CASE
        WHEN (
          MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
        ) < (
          MONTH("s"."e6") * 100 + DAY("s"."e6")
        )
        THEN 1
        ELSE 0
      END
    END AS "r_not_applicable_7",
    "s"."e8" AS "r_not_evidenced_1",
    "s"."e8" AS "r_pass_1"
  FROM (
    SELECT
      s.*,
      (
        "s"."e4"
      ) = (
        TRUE
      ) AS "e5"
    FROM (
      SELECT
        s.*,
        "j6"."seen_alone" AS "e4",
        "j6"."date" AS "e8",
        "j6"."seen" AS "e9"
      FROM (
        SELECT
          s.*,
          CASE
            WHEN (
              "s"."e1"
            ) IS NULL
            THEN NULL
            ELSE (
              SELECT
                CASE
                  WHEN COUNT(
                    CASE
                      WHEN (
                        (
                          "q5"."c"
                        ) OR (
                          (
                            "q5"."c"
                          ) IS NULL
                        )
                      )
                      AND (
                        (
                          "q5"."k"
                        ) IS NULL
                      )
                      THEN 1
                    END
                  ) > 0
                  THEN NULL
                  WHEN COUNT(CASE WHEN "q5"."c" THEN 1 END) = 0
                  THEN NULL
                  WHEN MAX(CASE WHEN (
                    "q5"."c"
                  ) IS NULL THEN "q5"."k" END) >= MAX(CASE WHEN "q5"."c" THEN "q5"."k" END)
                  THEN NULL
                  ELSE ARG_MAX("q5"."v", ("q5"."k", -"q5"."o")) FILTER(WHERE
                    "q5"."c")
                END AS v
              FROM (
                SELECT
                  (
                    (
                      (
                        "t3"."type"
                      ) = (
                        'lac'
                      )
                    )
                    AND (
                      (
                        "t3"."date"
                      ) >= (
                        "s"."start_date"
                      )
                    )
                  )
                  AND (
                    (
                      "t3"."date"
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  ) AS c,
                  "t3"."date" AS k,
                  "t3"."_row" AS v,
                  "t3"."_row" AS o
                FROM "visits" AS t3
                WHERE
                  "t3"."child_id" = (
                    "s"."e2"
                  )
                  AND (
                    (
                      COALESCE((
                        (
                          "t3"."type"
                        ) = (
                          'lac'
                        )
                      ), TRUE)
                    )
                    AND (
                      COALESCE((
                        (
                          "t3"."date"
                        ) >= (
                          "s"."start_date"
                        )
                      ), TRUE)
                    )
                    AND (
                      COALESCE((
                        (
                          "t3"."date"
                        ) <= (
                          CAST('2025-03-31' AS DATE)
                        )
                      ), TRUE)
                    )
                  )
              ) AS q5
            )
          END AS "e3",
          (
            (
              (
                (
                  "s"."start_date"
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
              AND (
                (
                  (
                    "s"."end_date"
                  ) IS NULL
                )
                OR (
                  (
                    "s"."end_date"
                  ) > (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              )
            )
            AND (
              (
                CASE
                  WHEN (
                    (
                      "s"."e6"
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST('2025-03-31' AS DATE)
                    ) IS NULL
                  )
                  THEN NULL
                  ELSE (
                    YEAR(CAST('2025-03-31' AS DATE)) - YEAR("s"."e6")
                  ) - CASE
                    WHEN (
                      MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
                    ) < (
                      MONTH("s"."e6") * 100 + DAY("s"."e6")
                    )
                    THEN 1
                    ELSE 0
                  END
                END
              ) >= (
                4
              )
            )
          )
          AND (
            (
              (
                "s"."start_date"
              ) <= (
                CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-7) DAY AS DATE)
              )
            )
            OR (
              CASE
                WHEN (
                  "s"."e1"
                ) IS NULL
                THEN NULL
                ELSE (
                  SELECT
                    CASE
                      WHEN COUNT(CASE WHEN "q10"."c" THEN 1 END) > 0
                      THEN TRUE
                      WHEN COUNT(CASE WHEN (
                        "q10"."c"
                      ) IS NULL THEN 1 END) > 0
                      THEN NULL
                      ELSE FALSE
                    END
                  FROM (
                    SELECT
                      (
                        (
                          "t9"."type"
                        ) = (
                          'lac'
                        )
                      )
                      AND (
                        CASE
                          WHEN (
                            (
                              "t9"."date"
                            ) IS NULL
                          )
                          OR (
                            (
                              "s"."start_date"
                            ) IS NULL
                          )
                          OR (
                            (
                              CAST('2025-03-31' AS DATE)
                            ) IS NULL
                          )
                          THEN NULL
                          ELSE (
                            (
                              "t9"."date"
                            ) >= (
                              "s"."start_date"
                            )
                          )
                          AND (
                            (
                              "t9"."date"
                            ) <= (
                              CAST('2025-03-31' AS DATE)
                            )
                          )
                        END
                      ) AS c
                    FROM "visits" AS t9
                    WHERE
                      "t9"."child_id" = (
                        "s"."e2"
                      )
                      AND (
                        (
                          COALESCE((
                            (
                              "t9"."type"
                            ) = (
                              'lac'
                            )
                          ), TRUE)
                        )
                        AND (
                          COALESCE(
                            (
                              CASE
                                WHEN (
                                  (
                                    "t9"."date"
                                  ) IS NULL
                                )
                                OR (
                                  (
                                    "s"."start_date"
                                  ) IS NULL
                                )
                                OR (
                                  (
                                    CAST('2025-03-31' AS DATE)
                                  ) IS NULL
                                )
                                THEN NULL
                                ELSE (
                                  (
                                    "t9"."date"
                                  ) >= (
                                    "s"."start_date"
                                  )
                                )
                                AND (
                                  (
                                    "t9"."date"
                                  ) <= (
                                    CAST('2025-03-31' AS DATE)
                                  )
                                )
                              END
                            ),
                            TRUE
                          )
                        )
                      )
                  ) AS q10
                )
              END
            )
          ) AS "e7"
        FROM (
          SELECT
            s.*,
            "j2"."_row" AS "e1",
            "j2"."child_id" AS "e2",
            "j2"."date_of_birth" AS "e6"
          FROM "care_periods" AS s
          LEFT JOIN "children" AS j2
            ON "j2"."child_id" = (
              "s"."child_id"
            )
        ) AS s
      ) AS s
      LEFT JOIN "visits" AS j6
        ON "j6"."_row" = (
          "s"."e3"
        )
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- LAC-QUALIFIED-WORKER: Children in care have a qualified social worker
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'in care from ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ': allocated worker ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ' (role ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ', qualified ' || COALESCE(
      CASE WHEN "r_fail_7" THEN 'true' WHEN NOT (
        "r_fail_7"
      ) THEN 'false' END,
      'missing'
    ) || ', left ' || COALESCE(CAST("r_fail_9" AS TEXT), 'missing') || ') is not a qualified social worker in post at ' || COALESCE(CAST("r_fail_11" AS TEXT), 'missing')
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'period of care from ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ' (ended ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || '): not in care at ' || COALESCE(CAST("r_not_applicable_5" AS TEXT), 'missing')
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'in care from ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ': allocated worker ' || COALESCE(CAST("r_not_evidenced_3" AS TEXT), 'missing') || ', qualified ' || COALESCE(
      CASE
        WHEN "r_not_evidenced_5"
        THEN 'true'
        WHEN NOT (
          "r_not_evidenced_5"
        )
        THEN 'false'
      END,
      'missing'
    ) || ' (no worker recorded, the worker is not in the social_workers table, or qualification not recorded)'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'in care from ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ': allocated worker ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing') || ' is a qualified social worker (role ' || COALESCE(CAST("r_pass_5" AS TEXT), 'missing') || ')'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e5"
      )
      THEN CASE
        WHEN (
          "s"."e4"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e4"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e5"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e5" AS "_when",
    "s"."start_date" AS "r_fail_1",
    "s"."worker_id" AS "r_fail_3",
    "s"."e6" AS "r_fail_5",
    "s"."e2" AS "r_fail_7",
    "s"."e3" AS "r_fail_9",
    CAST('2025-03-31' AS DATE) AS "r_fail_11",
    "s"."start_date" AS "r_not_applicable_1",
    "s"."end_date" AS "r_not_applicable_3",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_5",
    "s"."start_date" AS "r_not_evidenced_1",
    "s"."worker_id" AS "r_not_evidenced_3",
    "s"."e2" AS "r_not_evidenced_5",
    "s"."start_date" AS "r_pass_1",
    "s"."worker_id" AS "r_pass_3",
    "s"."e6" AS "r_pass_5"
  FROM (
    SELECT
      s.*,
      (
        (
          "s"."e2"
        ) = (
          TRUE
        )
      )
      AND (
        (
          (
            "s"."e3"
          ) IS NULL
        )
        OR (
          (
            "s"."e3"
          ) > (
            CAST('2025-03-31' AS DATE)
          )
        )
      ) AS "e4"
    FROM (
      SELECT
        s.*,
        "j2"."_row" AS "e1",
        "j2"."qualified" AS "e2",
        "j2"."end_date" AS "e3",
        (
          (
            "s"."start_date"
          ) <= (
            CAST('2025-03-31' AS DATE)
          )
        )
        AND (
          (
            (
              "s"."end_date"
            ) IS NULL
          )
          OR (
            (
              "s"."end_date"
            ) > (
              CAST('2025-03-31' AS DATE)
            )
          )
        ) AS "e5",
        "j2"."role" AS "e6"
      FROM "care_periods" AS s
      LEFT JOIN "social_workers" AS j2
        ON "j2"."worker_id" = (
          "s"."worker_id"
        )
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- LAC-CARE-PLAN-10WD: A care plan is in place within 10 working days of the first placement
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'in care from ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ': care plan ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ', ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ' working days after the start (limit 10)'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'period of care from ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ': not started in the year to ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || ', or 10 working days not yet run out with no plan yet'
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'in care from ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ': no care plan date recorded once 10 working days had run'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'in care from ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ': care plan ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing') || ', within 10 working days'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e7"
      )
      THEN CASE
        WHEN (
          "s"."e3"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e3"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e7"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e7" AS "_when",
    "s"."start_date" AS "r_fail_1",
    "s"."care_plan_date" AS "r_fail_3",
    (
      "s"."e8"
    ) - (
      "s"."e1"
    ) AS "r_fail_5",
    "s"."start_date" AS "r_not_applicable_1",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_3",
    "s"."start_date" AS "r_not_evidenced_1",
    "s"."start_date" AS "r_pass_1",
    "s"."care_plan_date" AS "r_pass_3"
  FROM (
    SELECT
      s.*,
      (
        CASE
          WHEN (
            (
              "s"."start_date"
            ) IS NULL
          )
          OR (
            (
              CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
            ) IS NULL
          )
          OR (
            (
              CAST('2025-03-31' AS DATE)
            ) IS NULL
          )
          THEN NULL
          ELSE (
            (
              "s"."start_date"
            ) >= (
              CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
            )
          )
          AND (
            (
              "s"."start_date"
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
        END
      )
      AND (
        (
          NOT (
            (
              "s"."care_plan_date"
            ) IS NULL
          )
        )
        OR (
          (
            (
              "s"."e6"
            ) - (
              "s"."e1"
            )
          ) > (
            10
          )
        )
      ) AS "e7"
    FROM (
      SELECT
        s.*,
        (
          "s"."care_plan_date"
        ) <= (
          "s"."e2"
        ) AS "e3",
        (
          SELECT
            "c4"."wd"
          FROM "cc_calendar" AS c4
          WHERE
            "c4"."d" = (
              "s"."e5"
            )
        ) AS "e6"
      FROM (
        SELECT
          s.*,
          (
            SELECT
              "c2"."d"
            FROM "cc_calendar" AS c2
            WHERE
              (
                "c2"."is_wd"
              ) AND (
                "c2"."wd" = (
                  (
                    "s"."e1"
                  ) + 10
                )
              )
          ) AS "e2",
          CASE
            WHEN (
              (
                "s"."e4"
              ) IS NULL
            )
            OR (
              (
                CAST('2025-03-31' AS DATE)
              ) IS NULL
            )
            THEN NULL
            ELSE CASE
              WHEN "s"."e4" IS NULL OR CAST('2025-03-31' AS DATE) IS NULL
              THEN NULL
              ELSE LEAST("s"."e4", CAST('2025-03-31' AS DATE))
            END
          END AS "e5"
        FROM (
          SELECT
            s.*,
            (
              SELECT
                "c1"."wd"
              FROM "cc_calendar" AS c1
              WHERE
                "c1"."d" = (
                  "s"."start_date"
                )
            ) AS "e1",
            COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) AS "e4",
            (
              SELECT
                "c5"."wd"
              FROM "cc_calendar" AS c5
              WHERE
                "c5"."d" = (
                  "s"."care_plan_date"
                )
            ) AS "e8"
          FROM "care_periods" AS s
        ) AS s
      ) AS s
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- LAC-PLACEMENT-VISIT-1W: Children in care are visited within a week of every placement start
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'placement from ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ': first visit after it ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ' (due by ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ')'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'placement from ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ': not started in the year to ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || ', its first week not yet run, or short breaks (legal status ' || COALESCE(CAST("r_not_applicable_5" AS TEXT), 'missing') || ': regulation 48)'
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'placement from ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ': visited ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing') || ', within a week'
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e6"
      )
      THEN CASE
        WHEN (
          "s"."e3"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e3"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e6"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e6" AS "_when",
    "s"."start_date" AS "r_fail_1",
    "s"."e9" AS "r_fail_3",
    CAST("s"."start_date" + INTERVAL 7 DAY AS DATE) AS "r_fail_5",
    "s"."start_date" AS "r_not_applicable_1",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_3",
    "s"."e5" AS "r_not_applicable_5",
    "s"."start_date" AS "r_pass_1",
    "s"."e9" AS "r_pass_3"
  FROM (
    SELECT
      s.*,
      "j16"."date" AS "e9"
    FROM (
      SELECT
        s.*,
        CASE
          WHEN (
            "s"."e1"
          ) IS NULL
          THEN NULL
          ELSE (
            SELECT
              CASE
                WHEN COUNT(CASE WHEN "q4"."c" THEN 1 END) > 0
                THEN TRUE
                WHEN COUNT(CASE WHEN (
                  "q4"."c"
                ) IS NULL THEN 1 END) > 0
                THEN NULL
                ELSE FALSE
              END
            FROM (
              SELECT
                (
                  (
                    "t3"."type"
                  ) = (
                    'lac'
                  )
                )
                AND (
                  CASE
                    WHEN (
                      (
                        "t3"."date"
                      ) IS NULL
                    )
                    OR (
                      (
                        "s"."start_date"
                      ) IS NULL
                    )
                    OR (
                      (
                        CAST("s"."start_date" + INTERVAL 7 DAY AS DATE)
                      ) IS NULL
                    )
                    THEN NULL
                    ELSE (
                      (
                        "t3"."date"
                      ) >= (
                        "s"."start_date"
                      )
                    )
                    AND (
                      (
                        "t3"."date"
                      ) <= (
                        CAST("s"."start_date" + INTERVAL 7 DAY AS DATE)
                      )
                    )
                  END
                ) AS c
              FROM "visits" AS t3
              WHERE
                "t3"."child_id" = (
                  "s"."e2"
                )
                AND (
                  (
                    COALESCE((
                      (
                        "t3"."type"
                      ) = (
                        'lac'
                      )
                    ), TRUE)
                  )
                  AND (
                    COALESCE(
                      (
                        CASE
                          WHEN (
                            (
                              "t3"."date"
                            ) IS NULL
                          )
                          OR (
                            (
                              "s"."start_date"
                            ) IS NULL
                          )
                          OR (
                            (
                              CAST("s"."start_date" + INTERVAL 7 DAY AS DATE)
                            ) IS NULL
                          )
                          THEN NULL
                          ELSE (
                            (
                              "t3"."date"
                            ) >= (
                              "s"."start_date"
                            )
                          )
                          AND (
                            (
                              "t3"."date"
                            ) <= (
                              CAST("s"."start_date" + INTERVAL 7 DAY AS DATE)
                            )
                          )
                        END
                      ),
                      TRUE
                    )
                  )
                )
            ) AS q4
          )
        END AS "e3",
        (
          CASE
            WHEN (
              (
                "s"."start_date"
              ) IS NULL
            )
            OR (
              (
                CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
              ) IS NULL
            )
            OR (
              (
                CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-7) DAY AS DATE)
              ) IS NULL
            )
            THEN NULL
            ELSE (
              (
                "s"."start_date"
              ) >= (
                CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
              )
            )
            AND (
              (
                "s"."start_date"
              ) <= (
                CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-7) DAY AS DATE)
              )
            )
          END
        )
        AND (
          (
            (
              "s"."e5"
            ) IS NULL
          )
          OR (
            NOT (
              CASE WHEN (
                "s"."e5"
              ) IS NULL THEN NULL ELSE (
                "s"."e5"
              ) IN ('V3', 'V4') END
            )
          )
        ) AS "e6",
        CASE
          WHEN (
            "s"."e1"
          ) IS NULL
          THEN NULL
          WHEN "g15"."nk" = 1
          THEN NULL
          WHEN "g15"."u" = 1
          THEN NULL
          ELSE "g15"."r0"
        END AS "e8"
      FROM (
        SELECT
          s.*,
          "j2"."_row" AS "e1",
          "j2"."child_id" AS "e2",
          "j6"."_row" AS "e4",
          "j6"."legal_status" AS "e5",
          "s"."start_date" AS "e7"
        FROM "placements" AS s
        LEFT JOIN "children" AS j2
          ON "j2"."child_id" = (
            "s"."child_id"
          )
        LEFT JOIN "care_periods" AS j6
          ON "j6"."period_id" = (
            "s"."period_id"
          )
      ) AS s
      ASOF LEFT JOIN (
        SELECT
          *
        FROM (
          SELECT
            *,
            MAX(CASE WHEN (
              "q13"."k"
            ) IS NULL THEN 1 ELSE 0 END) OVER (PARTITION BY "q13"."f") AS nk
          FROM (
            SELECT
              "q12"."f",
              "q12"."k",
              MIN(CASE WHEN "q12"."p" THEN "q12"."r" END) AS r0,
              MAX(CASE WHEN (
                "q12"."p"
              ) IS NULL THEN 1 ELSE 0 END) AS u
            FROM (
              SELECT
                "t10"."child_id" AS f,
                "t10"."date" AS k,
                "t10"."_row" AS r,
                (
                  (
                    "t10"."type"
                  ) = (
                    'lac'
                  )
                ) AS p
              FROM "visits" AS t10
              WHERE
                (
                  NOT (
                    (
                      (
                        (
                          "t10"."type"
                        ) = (
                          'lac'
                        )
                      )
                    ) IS FALSE
                  )
                )
            ) AS q12
            GROUP BY
              "q12"."f",
              "q12"."k"
          ) AS q13
        ) AS q14
        WHERE
          NOT (
            "q14"."k"
          ) IS NULL
      ) AS g15
        ON "g15"."f" = (
          "s"."e2"
        ) AND (
          "s"."e7"
        ) <= "g15"."k"
    ) AS s
    LEFT JOIN "visits" AS j16
      ON "j16"."_row" = (
        "s"."e8"
      )
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- LAC-IRO-CONTACT: The IRO spoke with the child before each review
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'review of ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ': no IRO contact with the child since the previous review (' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ') or the start of care (' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || '); latest IRO contact ' || COALESCE(CAST("r_fail_7" AS TEXT), 'missing')
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'review of ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ': outside the year to ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || ', or the child was under 4 (aged ' || COALESCE(CAST("r_not_applicable_5" AS TEXT), 'missing') || ')'
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'review of ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ': not linked to a period of care, or the child''s record or date of birth missing'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'review of ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ': IRO contact with the child ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing')
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e11"
      )
      THEN CASE
        WHEN (
          "s"."e9"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e9"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e11"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e11" AS "_when",
    "s"."date" AS "r_fail_1",
    "s"."e7" AS "r_fail_3",
    "s"."e8" AS "r_fail_5",
    "s"."e13" AS "r_fail_7",
    "s"."date" AS "r_not_applicable_1",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_3",
    CASE
      WHEN (
        (
          "s"."e10"
        ) IS NULL
      ) OR (
        (
          "s"."date"
        ) IS NULL
      )
      THEN NULL
      ELSE (
        YEAR("s"."date") - YEAR("s"."e10")
      ) - CASE
        WHEN (
          MONTH("s"."date") * 100 + DAY("s"."date")
        ) < (
          MONTH("s"."e10") * 100 + DAY("s"."e10")
        )
        THEN 1
        ELSE 0
      END
    END AS "r_not_applicable_5",
    "s"."date" AS "r_not_evidenced_1",
    "s"."date" AS "r_pass_1",
    "s"."e13" AS "r_pass_3"
  FROM (
    SELECT
      s.*,
      CASE
        WHEN (
          "s"."e1"
        ) IS NULL
        THEN NULL
        ELSE (
          SELECT
            CASE
              WHEN COUNT(CASE WHEN "q14"."c" THEN 1 END) > 0
              THEN TRUE
              WHEN COUNT(CASE WHEN (
                "q14"."c"
              ) IS NULL THEN 1 END) > 0
              THEN NULL
              ELSE FALSE
            END
          FROM (
            SELECT
              (
                (
                  (
                    "t3"."type"
                  ) = (
                    'iro'
                  )
                )
                AND (
                  (
                    "t3"."date"
                  ) <= (
                    "s"."date"
                  )
                )
              )
              AND (
                (
                  "t3"."date"
                ) > (
                  COALESCE("s"."e7", CAST("s"."e8" + INTERVAL (-1) DAY AS DATE))
                )
              ) AS c
            FROM "visits" AS t3
            WHERE
              "t3"."child_id" = (
                "s"."e2"
              )
              AND (
                (
                  COALESCE((
                    (
                      "t3"."type"
                    ) = (
                      'iro'
                    )
                  ), TRUE)
                )
                AND (
                  COALESCE((
                    (
                      "t3"."date"
                    ) <= (
                      "s"."date"
                    )
                  ), TRUE)
                )
                AND (
                  COALESCE(
                    (
                      (
                        "t3"."date"
                      ) > (
                        COALESCE("s"."e7", CAST("s"."e8" + INTERVAL (-1) DAY AS DATE))
                      )
                    ),
                    TRUE
                  )
                )
              )
          ) AS q14
        )
      END AS "e9"
    FROM (
      SELECT
        s.*,
        "j12"."date" AS "e7",
        "j27"."date" AS "e13"
      FROM (
        SELECT
          s.*,
          CASE
            WHEN (
              "s"."e3"
            ) IS NULL
            THEN NULL
            WHEN "g11"."nk" = 1
            THEN NULL
            ELSE "g11"."r0"
          END AS "e6",
          (
            CASE
              WHEN (
                (
                  "s"."date"
                ) IS NULL
              )
              OR (
                (
                  CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                ) IS NULL
              )
              OR (
                (
                  CAST('2025-03-31' AS DATE)
                ) IS NULL
              )
              THEN NULL
              ELSE (
                (
                  "s"."date"
                ) >= (
                  CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                )
              )
              AND (
                (
                  "s"."date"
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
            END
          )
          AND (
            (
              CASE
                WHEN (
                  (
                    "s"."e10"
                  ) IS NULL
                ) OR (
                  (
                    "s"."date"
                  ) IS NULL
                )
                THEN NULL
                ELSE (
                  YEAR("s"."date") - YEAR("s"."e10")
                ) - CASE
                  WHEN (
                    MONTH("s"."date") * 100 + DAY("s"."date")
                  ) < (
                    MONTH("s"."e10") * 100 + DAY("s"."e10")
                  )
                  THEN 1
                  ELSE 0
                END
              END
            ) >= (
              4
            )
          ) AS "e11",
          CASE
            WHEN (
              "s"."e1"
            ) IS NULL
            THEN NULL
            WHEN "g26"."nk" = 1
            THEN NULL
            WHEN "g26"."u" = 1
            THEN NULL
            ELSE "g26"."r0"
          END AS "e12"
        FROM (
          SELECT
            s.*,
            "j2"."_row" AS "e1",
            "j2"."child_id" AS "e2",
            "j5"."_row" AS "e3",
            "j5"."period_id" AS "e4",
            "s"."date" AS "e5",
            "j5"."start_date" AS "e8",
            "j2"."date_of_birth" AS "e10"
          FROM "lac_reviews" AS s
          LEFT JOIN "children" AS j2
            ON "j2"."child_id" = (
              "s"."child_id"
            )
          LEFT JOIN "care_periods" AS j5
            ON "j5"."period_id" = (
              "s"."period_id"
            )
        ) AS s
        ASOF LEFT JOIN (
          SELECT
            *
          FROM (
            SELECT
              *,
              MAX(CASE WHEN (
                "q9"."k"
              ) IS NULL THEN 1 ELSE 0 END) OVER (PARTITION BY "q9"."f") AS nk
            FROM (
              SELECT
                "q8"."f",
                "q8"."k",
                MIN("q8"."r") AS r0
              FROM (
                SELECT
                  "t6"."period_id" AS f,
                  "t6"."date" AS k,
                  "t6"."_row" AS r
                FROM "lac_reviews" AS t6
              ) AS q8
              GROUP BY
                "q8"."f",
                "q8"."k"
            ) AS q9
          ) AS q10
          WHERE
            NOT (
              "q10"."k"
            ) IS NULL
        ) AS g11
          ON "g11"."f" = (
            "s"."e4"
          ) AND (
            "s"."e5"
          ) > "g11"."k"
        ASOF LEFT JOIN (
          SELECT
            *
          FROM (
            SELECT
              *,
              MAX(CASE WHEN (
                "q24"."k"
              ) IS NULL THEN 1 ELSE 0 END) OVER (PARTITION BY "q24"."f") AS nk
            FROM (
              SELECT
                "q23"."f",
                "q23"."k",
                MIN(CASE WHEN "q23"."p" THEN "q23"."r" END) AS r0,
                MAX(CASE WHEN (
                  "q23"."p"
                ) IS NULL THEN 1 ELSE 0 END) AS u
              FROM (
                SELECT
                  "t21"."child_id" AS f,
                  "t21"."date" AS k,
                  "t21"."_row" AS r,
                  (
                    (
                      "t21"."type"
                    ) = (
                      'iro'
                    )
                  ) AS p
                FROM "visits" AS t21
                WHERE
                  (
                    NOT (
                      (
                        (
                          (
                            "t21"."type"
                          ) = (
                            'iro'
                          )
                        )
                      ) IS FALSE
                    )
                  )
              ) AS q23
              GROUP BY
                "q23"."f",
                "q23"."k"
            ) AS q24
          ) AS q25
          WHERE
            NOT (
              "q25"."k"
            ) IS NULL
        ) AS g26
          ON "g26"."f" = (
            "s"."e2"
          ) AND (
            "s"."e5"
          ) >= "g26"."k"
      ) AS s
      LEFT JOIN "lac_reviews" AS j12
        ON "j12"."_row" = (
          "s"."e6"
        )
      LEFT JOIN "visits" AS j27
        ON "j27"."_row" = (
          "s"."e12"
        )
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- MISSING-RHI-72H: Children in care are offered a return home interview within 72 hours of coming back from missing
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'missing ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' to ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ': return home interview offered ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ' (due by ' || COALESCE(CAST("r_fail_7" AS TEXT), 'missing') || ')'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'episode from ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ' (type ' || COALESCE(CAST("r_not_applicable_3" AS TEXT), 'missing') || ', ended ' || COALESCE(CAST("r_not_applicable_5" AS TEXT), 'missing') || '): not a missing episode that ended in the year to ' || COALESCE(CAST("r_not_applicable_7" AS TEXT), 'missing') || ', or the offer not yet due'
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'missing ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ' to ' || COALESCE(CAST("r_not_evidenced_3" AS TEXT), 'missing') || ': no return home interview offer recorded'
  END AS "reason_not_evidenced",
  CASE
    WHEN "outcome" = 'pass'
    THEN 'missing ' || COALESCE(CAST("r_pass_1" AS TEXT), 'missing') || ' to ' || COALESCE(CAST("r_pass_3" AS TEXT), 'missing') || ': return home interview offered ' || COALESCE(CAST("r_pass_5" AS TEXT), 'missing')
  END AS "reason_pass"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."start_date" AS "r_fail_1",
    "s"."end_date" AS "r_fail_3",
    "s"."rhi_offered_date" AS "r_fail_5",
    CAST("s"."end_date" + INTERVAL 3 DAY AS DATE) AS "r_fail_7",
    "s"."start_date" AS "r_not_applicable_1",
    "s"."type" AS "r_not_applicable_3",
    "s"."end_date" AS "r_not_applicable_5",
    CAST('2025-03-31' AS DATE) AS "r_not_applicable_7",
    "s"."start_date" AS "r_not_evidenced_1",
    "s"."end_date" AS "r_not_evidenced_3",
    "s"."start_date" AS "r_pass_1",
    "s"."end_date" AS "r_pass_3",
    "s"."rhi_offered_date" AS "r_pass_5"
  FROM (
    SELECT
      s.*,
      (
        "s"."rhi_offered_date"
      ) <= (
        CAST("s"."end_date" + INTERVAL 3 DAY AS DATE)
      ) AS "e1",
      (
        (
          (
            (
              "s"."type"
            ) = (
              'M'
            )
          )
          AND (
            NOT (
              (
                "s"."end_date"
              ) IS NULL
            )
          )
        )
        AND (
          CASE
            WHEN (
              (
                "s"."end_date"
              ) IS NULL
            )
            OR (
              (
                CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
              ) IS NULL
            )
            OR (
              (
                CAST('2025-03-31' AS DATE)
              ) IS NULL
            )
            THEN NULL
            ELSE (
              (
                "s"."end_date"
              ) >= (
                CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
              )
            )
            AND (
              (
                "s"."end_date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
          END
        )
      )
      AND (
        (
          NOT (
            (
              "s"."rhi_offered_date"
            ) IS NULL
          )
        )
        OR (
          (
            CAST("s"."end_date" + INTERVAL 3 DAY AS DATE)
          ) < (
            CAST('2025-03-31' AS DATE)
          )
        )
      ) AS "e2"
    FROM "missing_episodes" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- CL-ACCOM-SUITABLE: Care leavers live in suitable accommodation
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'accommodation ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ', suitable: ' || COALESCE(
      CASE WHEN "r_fail_3" THEN 'true' WHEN NOT (
        "r_fail_3"
      ) THEN 'false' END,
      'missing'
    ) || ' (in touch: ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ')'
  END AS "reason_fail"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."accommodation" AS "r_fail_1",
    "s"."accommodation_suitable" AS "r_fail_3",
    "s"."in_touch" AS "r_fail_5",
    CASE
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not applicable: ' || '`in_touch is missing` is false: in_touch = ' || COALESCE(CAST("s"."in_touch" AS TEXT), 'missing') || '; ' || '`in_touch not in ["DIED", "NREQ", "RHOM"]` is false: in_touch = ' || COALESCE(CAST("s"."in_touch" AS TEXT), 'missing')
    END AS "why_not_applicable"
  FROM (
    SELECT
      s.*,
      (
        (
          NOT (
            (
              "s"."accommodation"
            ) IS NULL
          )
        )
        AND (
          (
            "s"."accommodation"
          ) <> (
            'R'
          )
        )
      )
      AND (
        (
          "s"."accommodation_suitable"
        ) = (
          TRUE
        )
      ) AS "e1",
      (
        (
          "s"."in_touch"
        ) IS NULL
      )
      OR (
        NOT (
          CASE
            WHEN (
              "s"."in_touch"
            ) IS NULL
            THEN NULL
            ELSE (
              "s"."in_touch"
            ) IN ('DIED', 'NREQ', 'RHOM')
          END
        )
      ) AS "e2"
    FROM "care_leavers" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- CL-IN-TOUCH: Care leavers the council is in touch with
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'in touch: ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' (last contact ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ')'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_applicable'
    THEN 'in touch: ' || COALESCE(CAST("r_not_applicable_1" AS TEXT), 'missing') || ' (died, returned home for six months or more, refuses contact or no longer requires services: not counted, as in the DfE''s figures)'
  END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'whether the council is in touch is not recorded (last contact ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ')'
  END AS "reason_not_evidenced"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."in_touch" AS "r_fail_1",
    "s"."last_contact_date" AS "r_fail_3",
    "s"."in_touch" AS "r_not_applicable_1",
    "s"."last_contact_date" AS "r_not_evidenced_1"
  FROM (
    SELECT
      s.*,
      (
        "s"."in_touch"
      ) = (
        'YES'
      ) AS "e1",
      (
        (
          "s"."in_touch"
        ) IS NULL
      )
      OR (
        NOT (
          CASE
            WHEN (
              "s"."in_touch"
            ) IS NULL
            THEN NULL
            ELSE (
              "s"."in_touch"
            ) IN ('DIED', 'RHOM', 'REFU', 'NREQ')
          END
        )
      ) AS "e2"
    FROM "care_leavers" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- CL-EET: Care leavers in education, employment or training
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'activity ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ': not in education, employment or training'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'activity not recorded (in touch: ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ')'
  END AS "reason_not_evidenced"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."activity" AS "r_fail_1",
    "s"."in_touch" AS "r_not_evidenced_1",
    CASE
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not applicable: ' || '`in_touch is missing` is false: in_touch = ' || COALESCE(CAST("s"."in_touch" AS TEXT), 'missing') || '; ' || '`in_touch not in ["DIED", "RHOM"]` is false: in_touch = ' || COALESCE(CAST("s"."in_touch" AS TEXT), 'missing')
    END AS "why_not_applicable"
  FROM (
    SELECT
      s.*,
      NOT (
        CASE
          WHEN (
            "s"."activity"
          ) IS NULL
          THEN NULL
          ELSE (
            "s"."activity"
          ) IN ('G4', 'G5', 'G6')
        END
      ) AS "e1",
      (
        (
          "s"."in_touch"
        ) IS NULL
      )
      OR (
        NOT (
          CASE
            WHEN (
              "s"."in_touch"
            ) IS NULL
            THEN NULL
            ELSE (
              "s"."in_touch"
            ) IN ('DIED', 'RHOM')
          END
        )
      ) AS "e2"
    FROM "care_leavers" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- CL-PATHWAY-PLAN-6M: Care leavers have a pathway plan reviewed within the last 6 months
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'latest pathway plan ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ': none in the 6 months to ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing')
  END AS "reason_fail"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e5"
      )
      THEN CASE
        WHEN (
          "s"."e3"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e3"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e5"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e5" AS "_when",
    CASE
      WHEN (
        (
          "s"."e1"
        ) IS NULL
      )
      OR (
        EXISTS(
          SELECT
            1
          FROM "pathway_plans" AS t8
          WHERE
            "t8"."child_id" = (
              "s"."e2"
            )
            AND (
              (
                "t8"."date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            ) IS NULL
        )
      )
      THEN NULL
      ELSE (
        SELECT
          CASE WHEN COUNT(*) = COUNT("q9"."v") THEN MAX("q9"."v") ELSE NULL END
        FROM (
          SELECT
            "t8"."date" AS v
          FROM "pathway_plans" AS t8
          WHERE
            (
              "t8"."child_id" = (
                "s"."e2"
              )
            )
            AND (
              (
                "t8"."date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
        ) AS q9
      )
    END AS "r_fail_1",
    CAST('2025-03-31' AS DATE) AS "r_fail_3",
    CASE
      WHEN NOT (
        "s"."e5"
      )
      THEN CASE
        WHEN NOT (
          (
            (
              "s"."in_touch"
            ) IS NULL
          )
          OR (
            NOT (
              CASE
                WHEN (
                  "s"."in_touch"
                ) IS NULL
                THEN NULL
                ELSE (
                  "s"."in_touch"
                ) IN ('DIED', 'NREQ', 'RHOM')
              END
            )
          )
        )
        THEN 'not applicable: ' || '`in_touch is missing` is false: in_touch = ' || COALESCE(CAST("s"."in_touch" AS TEXT), 'missing') || '; ' || '`in_touch not in ["DIED", "NREQ", "RHOM"]` is false: in_touch = ' || COALESCE(CAST("s"."in_touch" AS TEXT), 'missing')
        WHEN NOT (
          (
            (
              "s"."eligibility"
            ) IS NULL
          )
          OR (
            (
              "s"."eligibility"
            ) <> (
              'qualifying'
            )
          )
        )
        THEN 'not applicable: ' || '`eligibility is missing` is false: eligibility = ' || COALESCE(CAST("s"."eligibility" AS TEXT), 'missing') || '; ' || '`eligibility != "qualifying"` is false: eligibility = ' || COALESCE(CAST("s"."eligibility" AS TEXT), 'missing')
        WHEN NOT (
          COALESCE(
            (
              CAST(CAST("s"."e4" + INTERVAL 192 MONTH AS DATE) + INTERVAL 3 MONTH AS DATE)
            ) < (
              CAST('2025-03-31' AS DATE)
            ),
            TRUE
          )
        )
        THEN 'not applicable: ' || '`(child.date_of_birth + 16 years + 3 months < as_at) ?? true` is false'
      END
    END AS "why_not_applicable"
  FROM (
    SELECT
      s.*,
      CASE
        WHEN (
          "s"."e1"
        ) IS NULL
        THEN NULL
        ELSE (
          SELECT
            CASE
              WHEN COUNT(CASE WHEN "q4"."c" THEN 1 END) > 0
              THEN TRUE
              WHEN COUNT(CASE WHEN (
                "q4"."c"
              ) IS NULL THEN 1 END) > 0
              THEN NULL
              ELSE FALSE
            END
          FROM (
            SELECT
              CASE
                WHEN (
                  (
                    CAST('2025-03-31' AS DATE)
                  ) IS NULL
                )
                OR (
                  (
                    "t3"."date"
                  ) IS NULL
                )
                THEN NULL
                WHEN (
                  "t3"."date"
                ) > (
                  CAST('2025-03-31' AS DATE)
                )
                THEN FALSE
                ELSE (
                  "t3"."date"
                ) >= (
                  CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-6) MONTH AS DATE)
                )
              END AS c
            FROM "pathway_plans" AS t3
            WHERE
              "t3"."child_id" = (
                "s"."e2"
              )
              AND (
                COALESCE(
                  (
                    CASE
                      WHEN (
                        (
                          CAST('2025-03-31' AS DATE)
                        ) IS NULL
                      )
                      OR (
                        (
                          "t3"."date"
                        ) IS NULL
                      )
                      THEN NULL
                      WHEN (
                        "t3"."date"
                      ) > (
                        CAST('2025-03-31' AS DATE)
                      )
                      THEN FALSE
                      ELSE (
                        "t3"."date"
                      ) >= (
                        CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-6) MONTH AS DATE)
                      )
                    END
                  ),
                  TRUE
                )
              )
          ) AS q4
        )
      END AS "e3",
      (
        (
          (
            (
              "s"."in_touch"
            ) IS NULL
          )
          OR (
            NOT (
              CASE
                WHEN (
                  "s"."in_touch"
                ) IS NULL
                THEN NULL
                ELSE (
                  "s"."in_touch"
                ) IN ('DIED', 'NREQ', 'RHOM')
              END
            )
          )
        )
        AND (
          (
            (
              "s"."eligibility"
            ) IS NULL
          )
          OR (
            (
              "s"."eligibility"
            ) <> (
              'qualifying'
            )
          )
        )
      )
      AND (
        COALESCE(
          (
            CAST(CAST("s"."e4" + INTERVAL 192 MONTH AS DATE) + INTERVAL 3 MONTH AS DATE)
          ) < (
            CAST('2025-03-31' AS DATE)
          ),
          TRUE
        )
      ) AS "e5"
    FROM (
      SELECT
        s.*,
        "j2"."_row" AS "e1",
        "j2"."child_id" AS "e2",
        "j2"."date_of_birth" AS "e4"
      FROM "care_leavers" AS s
      LEFT JOIN "children" AS j2
        ON "j2"."child_id" = (
          "s"."child_id"
        )
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- CL-PA-ALLOCATED: Care leavers have a personal adviser
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'personal adviser: ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' (end date ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || '; eligibility ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ')'
  END AS "reason_fail"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e4"
      )
      THEN CASE
        WHEN (
          "s"."e3"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e3"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e4"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e4" AS "_when",
    "s"."personal_adviser_id" AS "r_fail_1",
    "s"."e2" AS "r_fail_3",
    "s"."eligibility" AS "r_fail_5",
    CASE
      WHEN NOT (
        "s"."e4"
      )
      THEN CASE
        WHEN NOT (
          (
            (
              "s"."in_touch"
            ) IS NULL
          )
          OR (
            NOT (
              CASE
                WHEN (
                  "s"."in_touch"
                ) IS NULL
                THEN NULL
                ELSE (
                  "s"."in_touch"
                ) IN ('DIED', 'NREQ', 'RHOM')
              END
            )
          )
        )
        THEN 'not applicable: ' || '`in_touch is missing` is false: in_touch = ' || COALESCE(CAST("s"."in_touch" AS TEXT), 'missing') || '; ' || '`in_touch not in ["DIED", "NREQ", "RHOM"]` is false: in_touch = ' || COALESCE(CAST("s"."in_touch" AS TEXT), 'missing')
        WHEN NOT (
          (
            (
              "s"."eligibility"
            ) IS NULL
          )
          OR (
            (
              "s"."eligibility"
            ) <> (
              'qualifying'
            )
          )
        )
        THEN 'not applicable: ' || '`eligibility is missing` is false: eligibility = ' || COALESCE(CAST("s"."eligibility" AS TEXT), 'missing') || '; ' || '`eligibility != "qualifying"` is false: eligibility = ' || COALESCE(CAST("s"."eligibility" AS TEXT), 'missing')
      END
    END AS "why_not_applicable"
  FROM (
    SELECT
      s.*,
      (
        NOT (
          (
            "s"."personal_adviser_id"
          ) IS NULL
        )
      )
      AND (
        (
          (
            "s"."e2"
          ) IS NULL
        )
        OR (
          (
            "s"."e2"
          ) > (
            CAST('2025-03-31' AS DATE)
          )
        )
      ) AS "e3"
    FROM (
      SELECT
        s.*,
        "j2"."_row" AS "e1",
        "j2"."end_date" AS "e2",
        (
          (
            (
              "s"."in_touch"
            ) IS NULL
          )
          OR (
            NOT (
              CASE
                WHEN (
                  "s"."in_touch"
                ) IS NULL
                THEN NULL
                ELSE (
                  "s"."in_touch"
                ) IN ('DIED', 'NREQ', 'RHOM')
              END
            )
          )
        )
        AND (
          (
            (
              "s"."eligibility"
            ) IS NULL
          )
          OR (
            (
              "s"."eligibility"
            ) <> (
              'qualifying'
            )
          )
        ) AS "e4"
      FROM "care_leavers" AS s
      LEFT JOIN "social_workers" AS j2
        ON "j2"."worker_id" = (
          "s"."personal_adviser_id"
        )
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- SUPERVISION-INTERVAL: Workers are supervised at least as often as the local standard
SELECT
  "s"."_row" AS _row,
  CASE
    WHEN (
      "s"."e8"
    )
    THEN CASE
      WHEN (
        "s"."e7"
      )
      THEN 'pass'
      WHEN NOT (
        "s"."e7"
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      "s"."e8"
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  "s"."e8" AS "_when",
  CASE
    WHEN NOT (
      "s"."e8"
    )
    THEN CASE
      WHEN NOT (
        (
          (
            "s"."start_date"
          ) IS NULL
        )
        OR (
          (
            "s"."start_date"
          ) <= (
            CAST('2025-03-31' AS DATE)
          )
        )
      )
      THEN 'not applicable: ' || '`start_date is missing` is false: start_date = ' || COALESCE(CAST("s"."start_date" AS TEXT), 'missing') || '; ' || '`start_date <= as_at` is false: start_date = ' || COALESCE(CAST("s"."start_date" AS TEXT), 'missing') || ', as_at = ' || COALESCE(CAST(CAST('2025-03-31' AS DATE) AS TEXT), 'missing')
      WHEN NOT (
        (
          (
            "s"."end_date"
          ) IS NULL
        )
        OR (
          (
            "s"."end_date"
          ) >= (
            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
          )
        )
      )
      THEN 'not applicable: ' || '`end_date is missing` is false: end_date = ' || COALESCE(CAST("s"."end_date" AS TEXT), 'missing') || '; ' || '`end_date >= as_at - 1 year + 1 day` is false: end_date = ' || COALESCE(CAST("s"."end_date" AS TEXT), 'missing') || ', as_at - 1 year + 1 day = ' || COALESCE(
        CAST(CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE) AS TEXT),
        'missing'
      ) || ', as_at = ' || COALESCE(CAST(CAST('2025-03-31' AS DATE) AS TEXT), 'missing')
    END
  END AS "why_not_applicable",
  CASE
    WHEN (
      (
        "s"."e8"
      )
    ) AND (
      NOT (
        "s"."e7"
      )
    )
    THEN 'schedule not kept: ' || (
      SELECT
        'due by ' || CAST(CAST("q19"."a" + INTERVAL 28 DAY AS DATE) AS TEXT) || ' (' || '4 weeks' || ' after ' || CAST("q19"."a" AS TEXT) || '), ' || CASE
          WHEN NOT (
            (
              "q19"."me"
            ) IS NULL
          )
          THEN 'held ' || CAST("q19"."me" AS TEXT)
          ELSE 'none by ' || CAST("s"."e3" AS TEXT)
        END
      FROM (
        SELECT
          "q18"."a",
          "q18"."ix",
          "q18"."me"
        FROM (
          SELECT
            CASE
              WHEN NOT (
                (
                  "q17"."me"
                ) IS NULL
              )
              THEN "q17"."mp"
              ELSE COALESCE("q17"."last", "s"."e2")
            END AS a,
            CASE WHEN NOT (
              (
                "q17"."me"
              ) IS NULL
            ) THEN "q17"."mi" ELSE "q17"."k" END AS ix,
            "q17"."me"
          FROM (
            SELECT
              MIN("q16"."e") FILTER(WHERE
                NOT (
                  "q16"."ok"
                )) AS me,
              ARG_MIN("q16"."prev", "q16"."e") FILTER(WHERE
                NOT (
                  "q16"."ok"
                )) AS mp,
              ARG_MIN("q16"."i", "q16"."e") FILTER(WHERE
                NOT (
                  "q16"."ok"
                )) AS mi,
              COUNT(*) AS k,
              MAX("q16"."e") AS last
            FROM (
              SELECT
                "q15"."e",
                "q15"."i",
                "q15"."prev",
                CASE
                  WHEN (
                    (
                      "q15"."prev"
                    ) IS NULL
                  ) OR (
                    (
                      "q15"."e"
                    ) IS NULL
                  )
                  THEN NULL
                  WHEN (
                    "q15"."e"
                  ) < (
                    "q15"."prev"
                  )
                  THEN FALSE
                  ELSE (
                    "q15"."e"
                  ) <= (
                    CAST("q15"."prev" + INTERVAL 28 DAY AS DATE)
                  )
                END AS ok
              FROM (
                SELECT
                  "q13"."e",
                  COUNT("q14"."e") AS i,
                  COALESCE(MAX("q14"."e"), "s"."e2") AS prev
                FROM (
                  SELECT DISTINCT
                    "t9"."date" AS e
                  FROM "supervisions" AS t9
                  WHERE
                    "t9"."worker_id" = (
                      "s"."worker_id"
                    )
                    AND (
                      (
                        (
                          "t9"."date"
                        ) >= (
                          "s"."e2"
                        )
                      )
                      AND (
                        (
                          "t9"."date"
                        ) <= (
                          "s"."e3"
                        )
                      )
                    )
                ) AS q13
                LEFT JOIN (
                  SELECT DISTINCT
                    "t9"."date" AS e
                  FROM "supervisions" AS t9
                  WHERE
                    "t9"."worker_id" = (
                      "s"."worker_id"
                    )
                    AND (
                      (
                        (
                          "t9"."date"
                        ) >= (
                          "s"."e2"
                        )
                      )
                      AND (
                        (
                          "t9"."date"
                        ) <= (
                          "s"."e3"
                        )
                      )
                    )
                ) AS q14
                  ON "q14"."e" < "q13"."e"
                GROUP BY
                  "q13"."e"
              ) AS q15
            ) AS q16
          ) AS q17
        ) AS q18
      ) AS q19
    )
  END AS "why_fail"
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        (
          "s"."e2"
        ) IS NULL
      ) OR (
        (
          "s"."e3"
        ) IS NULL
      )
      THEN NULL
      WHEN EXISTS(
        SELECT
          1
        FROM "supervisions" AS t1
        WHERE
          "t1"."worker_id" = (
            "s"."worker_id"
          ) AND (
            "t1"."date"
          ) IS NULL
      )
      THEN NULL
      WHEN (
        "s"."e2"
      ) > (
        "s"."e3"
      )
      THEN TRUE
      ELSE CASE
        WHEN "s"."e4" > 0
        THEN FALSE
        ELSE CASE
          WHEN (
            (
              "s"."e6"
            ) IS NULL
          ) OR (
            (
              "s"."e3"
            ) IS NULL
          )
          THEN NULL
          WHEN (
            "s"."e3"
          ) < (
            "s"."e6"
          )
          THEN FALSE
          ELSE (
            "s"."e3"
          ) <= (
            CAST("s"."e6" + INTERVAL 28 DAY AS DATE)
          )
        END
      END
    END AS "e7"
  FROM (
    SELECT
      s.*,
      COALESCE("g8"."misses", 0) AS "e4",
      COALESCE("g8"."k", 0) AS "e5",
      COALESCE("g8"."last", "s"."e2") AS "e6"
    FROM (
      SELECT
        s.*,
        COALESCE(
          CASE
            WHEN EXISTS(
              SELECT
                1
              FROM "supervisions" AS t2
              WHERE
                "t2"."worker_id" = (
                  "s"."worker_id"
                )
                AND (
                  (
                    "t2"."date"
                  ) <= (
                    CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                  )
                ) IS NULL
            )
            THEN NULL
            ELSE (
              SELECT
                CASE WHEN COUNT(*) = COUNT("q3"."v") THEN MAX("q3"."v") ELSE NULL END
              FROM (
                SELECT
                  "t2"."date" AS v
                FROM "supervisions" AS t2
                WHERE
                  (
                    "t2"."worker_id" = (
                      "s"."worker_id"
                    )
                  )
                  AND (
                    (
                      "t2"."date"
                    ) <= (
                      CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                    )
                  )
              ) AS q3
            )
          END,
          CASE
            WHEN (
              (
                "s"."e1"
              ) IS NULL
            )
            OR (
              (
                CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
              ) IS NULL
            )
            THEN NULL
            ELSE CASE
              WHEN "s"."e1" IS NULL
              OR CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE) IS NULL
              THEN NULL
              ELSE GREATEST(
                "s"."e1",
                CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
              )
            END
          END
        ) AS "e2"
      FROM (
        SELECT
          s.*,
          COALESCE(
            "s"."start_date",
            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
          ) AS "e1",
          CASE
            WHEN (
              COALESCE("s"."end_date", CAST('2025-03-31' AS DATE))
            ) IS NULL
            THEN NULL
            ELSE CASE
              WHEN COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) IS NULL
              OR CAST('2025-03-31' AS DATE) IS NULL
              THEN NULL
              ELSE LEAST(COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
            END
          END AS "e3",
          (
            (
              (
                "s"."start_date"
              ) IS NULL
            )
            OR (
              (
                "s"."start_date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
          )
          AND (
            (
              (
                "s"."end_date"
              ) IS NULL
            )
            OR (
              (
                "s"."end_date"
              ) >= (
                CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
              )
            )
          ) AS "e8"
        FROM "social_workers" AS s
      ) AS s
    ) AS s
    LEFT JOIN (
      SELECT
        "q7"."r",
        COUNT(CASE WHEN NOT (
          "q7"."ok"
        ) THEN 1 END) AS misses,
        COUNT(*) AS k,
        MAX("q7"."e") AS last
      FROM (
        SELECT
          "q6"."r",
          "q6"."e",
          CASE
            WHEN (
              (
                "q6"."prev"
              ) IS NULL
            ) OR (
              (
                "q6"."e"
              ) IS NULL
            )
            THEN NULL
            WHEN (
              "q6"."e"
            ) < (
              "q6"."prev"
            )
            THEN FALSE
            ELSE (
              "q6"."e"
            ) <= (
              CAST("q6"."prev" + INTERVAL 28 DAY AS DATE)
            )
          END AS ok
        FROM (
          SELECT
            "q5"."r",
            "q5"."e",
            ROW_NUMBER() OVER (PARTITION BY "q5"."r" ORDER BY "q5"."e") - 1 AS i,
            COALESCE(LAG("q5"."e") OVER (PARTITION BY "q5"."r" ORDER BY "q5"."e"), "q5"."st") AS prev
          FROM (
            SELECT DISTINCT
              "s"."_row" AS r,
              "t1"."date" AS e,
              "s"."e2" AS st
            FROM (
              SELECT
                s.*,
                COALESCE(
                  CASE
                    WHEN EXISTS(
                      SELECT
                        1
                      FROM "supervisions" AS t2
                      WHERE
                        "t2"."worker_id" = (
                          "s"."worker_id"
                        )
                        AND (
                          (
                            "t2"."date"
                          ) <= (
                            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                          )
                        ) IS NULL
                    )
                    THEN NULL
                    ELSE (
                      SELECT
                        CASE WHEN COUNT(*) = COUNT("q3"."v") THEN MAX("q3"."v") ELSE NULL END
                      FROM (
                        SELECT
                          "t2"."date" AS v
                        FROM "supervisions" AS t2
                        WHERE
                          (
                            "t2"."worker_id" = (
                              "s"."worker_id"
                            )
                          )
                          AND (
                            (
                              "t2"."date"
                            ) <= (
                              CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                            )
                          )
                      ) AS q3
                    )
                  END,
                  CASE
                    WHEN (
                      (
                        "s"."e1"
                      ) IS NULL
                    )
                    OR (
                      (
                        CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                      ) IS NULL
                    )
                    THEN NULL
                    ELSE CASE
                      WHEN "s"."e1" IS NULL
                      OR CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE) IS NULL
                      THEN NULL
                      ELSE GREATEST(
                        "s"."e1",
                        CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                      )
                    END
                  END
                ) AS "e2"
              FROM (
                SELECT
                  s.*,
                  COALESCE(
                    "s"."start_date",
                    CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                  ) AS "e1",
                  CASE
                    WHEN (
                      COALESCE("s"."end_date", CAST('2025-03-31' AS DATE))
                    ) IS NULL
                    THEN NULL
                    ELSE CASE
                      WHEN COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) IS NULL
                      OR CAST('2025-03-31' AS DATE) IS NULL
                      THEN NULL
                      ELSE LEAST(COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
                    END
                  END AS "e3",
                  (
                    (
                      (
                        "s"."start_date"
                      ) IS NULL
                    )
                    OR (
                      (
                        "s"."start_date"
                      ) <= (
                        CAST('2025-03-31' AS DATE)
                      )
                    )
                  )
                  AND (
                    (
                      (
                        "s"."end_date"
                      ) IS NULL
                    )
                    OR (
                      (
                        "s"."end_date"
                      ) >= (
                        CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                      )
                    )
                  ) AS "e8"
                FROM "social_workers" AS s
              ) AS s
            ) AS s
            CROSS JOIN "supervisions" AS t1
            WHERE
              (
                "t1"."worker_id" = (
                  "s"."worker_id"
                )
              )
              AND (
                (
                  (
                    "t1"."date"
                  ) >= (
                    "s"."e2"
                  )
                )
                AND (
                  (
                    "t1"."date"
                  ) <= (
                    "s"."e3"
                  )
                )
              )
          ) AS q5
        ) AS q6
      ) AS q7
      GROUP BY
        "q7"."r"
    ) AS g8
      ON "g8"."r" = "s"."_row"
  ) AS s
) AS s
ORDER BY
  "s"."_row";

-- SUPERVISION-REFLECTIVE: Supervision is reflective, not only case direction
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN COALESCE(CAST("r_fail_0" AS TEXT), 'missing') || ' of ' || COALESCE(CAST("r_fail_2" AS TEXT), 'missing') || ' supervisions in the audit year not reflective, the first on ' || COALESCE(CAST("r_fail_4" AS TEXT), 'missing')
  END AS "reason_fail"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    (
      SELECT
        CASE
          WHEN COUNT(CASE WHEN (
            "q6"."c"
          ) IS NULL THEN 1 END) > 0
          THEN NULL
          ELSE COUNT(CASE WHEN "q6"."c" THEN 1 END)
        END
      FROM (
        SELECT
          (
            CASE
              WHEN (
                (
                  "t5"."date"
                ) IS NULL
              )
              OR (
                (
                  CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                ) IS NULL
              )
              OR (
                (
                  CAST('2025-03-31' AS DATE)
                ) IS NULL
              )
              THEN NULL
              ELSE (
                (
                  "t5"."date"
                ) >= (
                  CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                )
              )
              AND (
                (
                  "t5"."date"
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
            END
          )
          AND (
            NOT (
              COALESCE("t5"."reflective", TRUE)
            )
          ) AS c
        FROM "supervisions" AS t5
        WHERE
          "t5"."worker_id" = (
            "s"."worker_id"
          )
          AND (
            (
              COALESCE(
                (
                  CASE
                    WHEN (
                      (
                        "t5"."date"
                      ) IS NULL
                    )
                    OR (
                      (
                        CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                      ) IS NULL
                    )
                    OR (
                      (
                        CAST('2025-03-31' AS DATE)
                      ) IS NULL
                    )
                    THEN NULL
                    ELSE (
                      (
                        "t5"."date"
                      ) >= (
                        CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                      )
                    )
                    AND (
                      (
                        "t5"."date"
                      ) <= (
                        CAST('2025-03-31' AS DATE)
                      )
                    )
                  END
                ),
                TRUE
              )
            )
            AND (
              COALESCE((
                NOT (
                  COALESCE("t5"."reflective", TRUE)
                )
              ), TRUE)
            )
          )
      ) AS q6
    ) AS "r_fail_0",
    (
      SELECT
        CASE
          WHEN COUNT(CASE WHEN (
            "q8"."c"
          ) IS NULL THEN 1 END) > 0
          THEN NULL
          ELSE COUNT(CASE WHEN "q8"."c" THEN 1 END)
        END
      FROM (
        SELECT
          CASE
            WHEN (
              (
                "t7"."date"
              ) IS NULL
            )
            OR (
              (
                CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
              ) IS NULL
            )
            OR (
              (
                CAST('2025-03-31' AS DATE)
              ) IS NULL
            )
            THEN NULL
            ELSE (
              (
                "t7"."date"
              ) >= (
                CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
              )
            )
            AND (
              (
                "t7"."date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
          END AS c
        FROM "supervisions" AS t7
        WHERE
          "t7"."worker_id" = (
            "s"."worker_id"
          )
          AND (
            COALESCE(
              (
                CASE
                  WHEN (
                    (
                      "t7"."date"
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST('2025-03-31' AS DATE)
                    ) IS NULL
                  )
                  THEN NULL
                  ELSE (
                    (
                      "t7"."date"
                    ) >= (
                      CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                    )
                  )
                  AND (
                    (
                      "t7"."date"
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                END
              ),
              TRUE
            )
          )
      ) AS q8
    ) AS "r_fail_2",
    "s"."e4" AS "r_fail_4",
    CASE
      WHEN NOT (
        "s"."e2"
      )
      THEN CASE
        WHEN NOT (
          (
            (
              "s"."start_date"
            ) IS NULL
          )
          OR (
            (
              "s"."start_date"
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
        )
        THEN 'not applicable: ' || '`start_date is missing` is false: start_date = ' || COALESCE(CAST("s"."start_date" AS TEXT), 'missing') || '; ' || '`start_date <= as_at` is false: start_date = ' || COALESCE(CAST("s"."start_date" AS TEXT), 'missing') || ', as_at = ' || COALESCE(CAST(CAST('2025-03-31' AS DATE) AS TEXT), 'missing')
        WHEN NOT (
          (
            (
              "s"."end_date"
            ) IS NULL
          )
          OR (
            (
              "s"."end_date"
            ) >= (
              CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
            )
          )
        )
        THEN 'not applicable: ' || '`end_date is missing` is false: end_date = ' || COALESCE(CAST("s"."end_date" AS TEXT), 'missing') || '; ' || '`end_date >= as_at - 1 year + 1 day` is false: end_date = ' || COALESCE(CAST("s"."end_date" AS TEXT), 'missing') || ', as_at - 1 year + 1 day = ' || COALESCE(
          CAST(CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE) AS TEXT),
          'missing'
        ) || ', as_at = ' || COALESCE(CAST(CAST('2025-03-31' AS DATE) AS TEXT), 'missing')
        WHEN NOT (
          (
            SELECT
              CASE
                WHEN COUNT(CASE WHEN "q15"."c" THEN 1 END) > 0
                THEN TRUE
                WHEN COUNT(CASE WHEN (
                  "q15"."c"
                ) IS NULL THEN 1 END) > 0
                THEN NULL
                ELSE FALSE
              END
            FROM (
              SELECT
                CASE
                  WHEN (
                    (
                      "t14"."date"
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST('2025-03-31' AS DATE)
                    ) IS NULL
                  )
                  THEN NULL
                  ELSE (
                    (
                      "t14"."date"
                    ) >= (
                      CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                    )
                  )
                  AND (
                    (
                      "t14"."date"
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                END AS c
              FROM "supervisions" AS t14
              WHERE
                "t14"."worker_id" = (
                  "s"."worker_id"
                )
                AND (
                  COALESCE(
                    (
                      CASE
                        WHEN (
                          (
                            "t14"."date"
                          ) IS NULL
                        )
                        OR (
                          (
                            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                          ) IS NULL
                        )
                        OR (
                          (
                            CAST('2025-03-31' AS DATE)
                          ) IS NULL
                        )
                        THEN NULL
                        ELSE (
                          (
                            "t14"."date"
                          ) >= (
                            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                          )
                        )
                        AND (
                          (
                            "t14"."date"
                          ) <= (
                            CAST('2025-03-31' AS DATE)
                          )
                        )
                      END
                    ),
                    TRUE
                  )
                )
            ) AS q15
          )
        )
        THEN 'not applicable: ' || CASE
          WHEN (
            SELECT
              COUNT(*)
            FROM "supervisions" AS t13
            WHERE
              "t13"."worker_id" = (
                "s"."worker_id"
              )
          ) = 0
          THEN 'supervisions is empty: nothing for `s` to stand for'
          ELSE 'no s in supervisions where s.date between as_at - 1 year + 1 day and as_at (' || CAST((
            SELECT
              COUNT(*)
            FROM "supervisions" AS t13
            WHERE
              "t13"."worker_id" = (
                "s"."worker_id"
              )
          ) AS TEXT) || CASE
            WHEN (
              SELECT
                COUNT(*)
              FROM "supervisions" AS t13
              WHERE
                "t13"."worker_id" = (
                  "s"."worker_id"
                )
            ) = 1
            THEN ' item'
            ELSE ' items'
          END || ' in supervisions)'
        END
      END
    END AS "why_not_applicable"
  FROM (
    SELECT
      s.*,
      "j12"."date" AS "e4"
    FROM (
      SELECT
        s.*,
        (
          SELECT
            CASE
              WHEN COUNT(CASE WHEN NOT (
                "q2"."c"
              ) THEN 1 END) > 0
              THEN FALSE
              WHEN COUNT(CASE WHEN (
                "q2"."c"
              ) IS NULL THEN 1 END) > 0
              THEN NULL
              ELSE TRUE
            END
          FROM (
            SELECT
              NOT (
                CASE
                  WHEN (
                    (
                      "t1"."date"
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST('2025-03-31' AS DATE)
                    ) IS NULL
                  )
                  THEN NULL
                  ELSE (
                    (
                      "t1"."date"
                    ) >= (
                      CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                    )
                  )
                  AND (
                    (
                      "t1"."date"
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                END
              )
              OR (
                (
                  "t1"."reflective"
                ) = (
                  TRUE
                )
              ) AS c
            FROM "supervisions" AS t1
            WHERE
              "t1"."worker_id" = (
                "s"."worker_id"
              )
              AND (
                COALESCE(
                  (
                    CASE
                      WHEN (
                        (
                          "t1"."date"
                        ) IS NULL
                      )
                      OR (
                        (
                          CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                        ) IS NULL
                      )
                      OR (
                        (
                          CAST('2025-03-31' AS DATE)
                        ) IS NULL
                      )
                      THEN NULL
                      ELSE (
                        (
                          "t1"."date"
                        ) >= (
                          CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                        )
                      )
                      AND (
                        (
                          "t1"."date"
                        ) <= (
                          CAST('2025-03-31' AS DATE)
                        )
                      )
                    END
                  ),
                  TRUE
                )
              )
          ) AS q2
        ) AS "e1",
        (
          (
            (
              (
                "s"."start_date"
              ) IS NULL
            )
            OR (
              (
                "s"."start_date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
          )
          AND (
            (
              (
                "s"."end_date"
              ) IS NULL
            )
            OR (
              (
                "s"."end_date"
              ) >= (
                CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
              )
            )
          )
        )
        AND (
          (
            SELECT
              CASE
                WHEN COUNT(CASE WHEN "q4"."c" THEN 1 END) > 0
                THEN TRUE
                WHEN COUNT(CASE WHEN (
                  "q4"."c"
                ) IS NULL THEN 1 END) > 0
                THEN NULL
                ELSE FALSE
              END
            FROM (
              SELECT
                CASE
                  WHEN (
                    (
                      "t3"."date"
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST('2025-03-31' AS DATE)
                    ) IS NULL
                  )
                  THEN NULL
                  ELSE (
                    (
                      "t3"."date"
                    ) >= (
                      CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                    )
                  )
                  AND (
                    (
                      "t3"."date"
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                END AS c
              FROM "supervisions" AS t3
              WHERE
                "t3"."worker_id" = (
                  "s"."worker_id"
                )
                AND (
                  COALESCE(
                    (
                      CASE
                        WHEN (
                          (
                            "t3"."date"
                          ) IS NULL
                        )
                        OR (
                          (
                            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                          ) IS NULL
                        )
                        OR (
                          (
                            CAST('2025-03-31' AS DATE)
                          ) IS NULL
                        )
                        THEN NULL
                        ELSE (
                          (
                            "t3"."date"
                          ) >= (
                            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                          )
                        )
                        AND (
                          (
                            "t3"."date"
                          ) <= (
                            CAST('2025-03-31' AS DATE)
                          )
                        )
                      END
                    ),
                    TRUE
                  )
                )
            ) AS q4
          )
        ) AS "e2",
        (
          SELECT
            CASE
              WHEN COUNT(
                CASE
                  WHEN (
                    (
                      "q11"."c"
                    ) OR (
                      (
                        "q11"."c"
                      ) IS NULL
                    )
                  )
                  AND (
                    (
                      "q11"."k"
                    ) IS NULL
                  )
                  THEN 1
                END
              ) > 0
              THEN NULL
              WHEN COUNT(CASE WHEN "q11"."c" THEN 1 END) = 0
              THEN NULL
              WHEN MIN(CASE WHEN (
                "q11"."c"
              ) IS NULL THEN "q11"."k" END) <= MIN(CASE WHEN "q11"."c" THEN "q11"."k" END)
              THEN NULL
              ELSE ARG_MIN("q11"."v", ("q11"."k", "q11"."o")) FILTER(WHERE
                "q11"."c")
            END AS v
          FROM (
            SELECT
              (
                CASE
                  WHEN (
                    (
                      "t9"."date"
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST('2025-03-31' AS DATE)
                    ) IS NULL
                  )
                  THEN NULL
                  ELSE (
                    (
                      "t9"."date"
                    ) >= (
                      CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                    )
                  )
                  AND (
                    (
                      "t9"."date"
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                END
              )
              AND (
                NOT (
                  COALESCE("t9"."reflective", TRUE)
                )
              ) AS c,
              "t9"."date" AS k,
              "t9"."_row" AS v,
              "t9"."_row" AS o
            FROM "supervisions" AS t9
            WHERE
              "t9"."worker_id" = (
                "s"."worker_id"
              )
              AND (
                (
                  COALESCE(
                    (
                      CASE
                        WHEN (
                          (
                            "t9"."date"
                          ) IS NULL
                        )
                        OR (
                          (
                            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                          ) IS NULL
                        )
                        OR (
                          (
                            CAST('2025-03-31' AS DATE)
                          ) IS NULL
                        )
                        THEN NULL
                        ELSE (
                          (
                            "t9"."date"
                          ) >= (
                            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                          )
                        )
                        AND (
                          (
                            "t9"."date"
                          ) <= (
                            CAST('2025-03-31' AS DATE)
                          )
                        )
                      END
                    ),
                    TRUE
                  )
                )
                AND (
                  COALESCE((
                    NOT (
                      COALESCE("t9"."reflective", TRUE)
                    )
                  ), TRUE)
                )
              )
          ) AS q11
        ) AS "e3"
      FROM "social_workers" AS s
    ) AS s
    LEFT JOIN "supervisions" AS j12
      ON "j12"."_row" = (
        "s"."e3"
      )
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- CASELOAD-LIMIT: Social workers' caseloads are within the local limit
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN COALESCE(CAST("r_fail_0" AS TEXT), 'missing') || ' open cases at ' || COALESCE(CAST("r_fail_2" AS TEXT), 'missing') || ' (limit ' || COALESCE(CAST("r_fail_4" AS TEXT), 'missing') || ')'
  END AS "reason_fail"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    (
      SELECT
        CASE
          WHEN COUNT(CASE WHEN (
            "q5"."c"
          ) IS NULL THEN 1 END) > 0
          THEN NULL
          ELSE COUNT(CASE WHEN "q5"."c" THEN 1 END)
        END
      FROM (
        SELECT
          (
            (
              "t4"."start_date"
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
          AND (
            (
              (
                "t4"."end_date"
              ) IS NULL
            )
            OR (
              (
                "t4"."end_date"
              ) > (
                CAST('2025-03-31' AS DATE)
              )
            )
          ) AS c
        FROM "case_allocations" AS t4
        WHERE
          "t4"."worker_id" = (
            "s"."worker_id"
          )
          AND (
            (
              COALESCE((
                (
                  "t4"."start_date"
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              ), TRUE)
            )
            AND (
              COALESCE(
                (
                  (
                    (
                      "t4"."end_date"
                    ) IS NULL
                  )
                  OR (
                    (
                      "t4"."end_date"
                    ) > (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                ),
                TRUE
              )
            )
          )
      ) AS q5
    ) AS "r_fail_0",
    CAST('2025-03-31' AS DATE) AS "r_fail_2",
    20 AS "r_fail_4",
    CASE
      WHEN NOT (
        "s"."e2"
      )
      THEN CASE
        WHEN NOT (
          CASE
            WHEN (
              "s"."role"
            ) IS NULL
            THEN NULL
            ELSE (
              "s"."role"
            ) IN ('social_worker', 'senior_practitioner')
          END
        )
        THEN 'not applicable: ' || '`role in ["social_worker", "senior_practitioner"]` is false: role = ' || COALESCE(CAST("s"."role" AS TEXT), 'missing')
        WHEN NOT (
          (
            (
              "s"."start_date"
            ) IS NULL
          )
          OR (
            (
              "s"."start_date"
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
        )
        THEN 'not applicable: ' || '`start_date is missing` is false: start_date = ' || COALESCE(CAST("s"."start_date" AS TEXT), 'missing') || '; ' || '`start_date <= as_at` is false: start_date = ' || COALESCE(CAST("s"."start_date" AS TEXT), 'missing') || ', as_at = ' || COALESCE(CAST(CAST('2025-03-31' AS DATE) AS TEXT), 'missing')
        WHEN NOT (
          (
            (
              "s"."end_date"
            ) IS NULL
          )
          OR (
            (
              "s"."end_date"
            ) > (
              CAST('2025-03-31' AS DATE)
            )
          )
        )
        THEN 'not applicable: ' || '`end_date is missing` is false: end_date = ' || COALESCE(CAST("s"."end_date" AS TEXT), 'missing') || '; ' || '`end_date > as_at` is false: end_date = ' || COALESCE(CAST("s"."end_date" AS TEXT), 'missing') || ', as_at = ' || COALESCE(CAST(CAST('2025-03-31' AS DATE) AS TEXT), 'missing')
      END
    END AS "why_not_applicable"
  FROM (
    SELECT
      s.*,
      (
        (
          SELECT
            CASE
              WHEN COUNT(CASE WHEN (
                "q2"."c"
              ) IS NULL THEN 1 END) > 0
              THEN NULL
              ELSE COUNT(CASE WHEN "q2"."c" THEN 1 END)
            END
          FROM (
            SELECT
              (
                (
                  "t1"."start_date"
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
              AND (
                (
                  (
                    "t1"."end_date"
                  ) IS NULL
                )
                OR (
                  (
                    "t1"."end_date"
                  ) > (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              ) AS c
            FROM "case_allocations" AS t1
            WHERE
              "t1"."worker_id" = (
                "s"."worker_id"
              )
              AND (
                (
                  COALESCE((
                    (
                      "t1"."start_date"
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  ), TRUE)
                )
                AND (
                  COALESCE(
                    (
                      (
                        (
                          "t1"."end_date"
                        ) IS NULL
                      )
                      OR (
                        (
                          "t1"."end_date"
                        ) > (
                          CAST('2025-03-31' AS DATE)
                        )
                      )
                    ),
                    TRUE
                  )
                )
              )
          ) AS q2
        )
      ) <= (
        20
      ) AS "e1",
      (
        (
          CASE
            WHEN (
              "s"."role"
            ) IS NULL
            THEN NULL
            ELSE (
              "s"."role"
            ) IN ('social_worker', 'senior_practitioner')
          END
        )
        AND (
          (
            (
              "s"."start_date"
            ) IS NULL
          )
          OR (
            (
              "s"."start_date"
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
        )
      )
      AND (
        (
          (
            "s"."end_date"
          ) IS NULL
        )
        OR (
          (
            "s"."end_date"
          ) > (
            CAST('2025-03-31' AS DATE)
          )
        )
      ) AS "e2"
    FROM "social_workers" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- NQSW-CASELOAD: Newly qualified social workers have a protected caseload
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'newly qualified: ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' open cases at ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ' (protected limit ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || ')'
  END AS "reason_fail"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    (
      SELECT
        CASE
          WHEN COUNT(CASE WHEN (
            "q4"."c"
          ) IS NULL THEN 1 END) > 0
          THEN NULL
          ELSE COUNT(CASE WHEN "q4"."c" THEN 1 END)
        END
      FROM (
        SELECT
          (
            (
              "t3"."start_date"
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
          AND (
            (
              (
                "t3"."end_date"
              ) IS NULL
            )
            OR (
              (
                "t3"."end_date"
              ) > (
                CAST('2025-03-31' AS DATE)
              )
            )
          ) AS c
        FROM "case_allocations" AS t3
        WHERE
          "t3"."worker_id" = (
            "s"."worker_id"
          )
          AND (
            (
              COALESCE((
                (
                  "t3"."start_date"
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              ), TRUE)
            )
            AND (
              COALESCE(
                (
                  (
                    (
                      "t3"."end_date"
                    ) IS NULL
                  )
                  OR (
                    (
                      "t3"."end_date"
                    ) > (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                ),
                TRUE
              )
            )
          )
      ) AS q4
    ) AS "r_fail_1",
    CAST('2025-03-31' AS DATE) AS "r_fail_3",
    12 AS "r_fail_5",
    CASE
      WHEN NOT (
        "s"."e2"
      )
      THEN CASE
        WHEN NOT (
          (
            "s"."newly_qualified"
          ) = (
            TRUE
          )
        )
        THEN 'not applicable: ' || '`newly_qualified == true` is false: newly_qualified = ' || COALESCE(
          CASE
            WHEN "s"."newly_qualified"
            THEN 'true'
            WHEN NOT (
              "s"."newly_qualified"
            )
            THEN 'false'
          END,
          'missing'
        )
        WHEN NOT (
          (
            (
              "s"."start_date"
            ) IS NULL
          )
          OR (
            (
              "s"."start_date"
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
        )
        THEN 'not applicable: ' || '`start_date is missing` is false: start_date = ' || COALESCE(CAST("s"."start_date" AS TEXT), 'missing') || '; ' || '`start_date <= as_at` is false: start_date = ' || COALESCE(CAST("s"."start_date" AS TEXT), 'missing') || ', as_at = ' || COALESCE(CAST(CAST('2025-03-31' AS DATE) AS TEXT), 'missing')
        WHEN NOT (
          (
            (
              "s"."end_date"
            ) IS NULL
          )
          OR (
            (
              "s"."end_date"
            ) > (
              CAST('2025-03-31' AS DATE)
            )
          )
        )
        THEN 'not applicable: ' || '`end_date is missing` is false: end_date = ' || COALESCE(CAST("s"."end_date" AS TEXT), 'missing') || '; ' || '`end_date > as_at` is false: end_date = ' || COALESCE(CAST("s"."end_date" AS TEXT), 'missing') || ', as_at = ' || COALESCE(CAST(CAST('2025-03-31' AS DATE) AS TEXT), 'missing')
      END
    END AS "why_not_applicable"
  FROM (
    SELECT
      s.*,
      (
        (
          SELECT
            CASE
              WHEN COUNT(CASE WHEN (
                "q2"."c"
              ) IS NULL THEN 1 END) > 0
              THEN NULL
              ELSE COUNT(CASE WHEN "q2"."c" THEN 1 END)
            END
          FROM (
            SELECT
              (
                (
                  "t1"."start_date"
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
              AND (
                (
                  (
                    "t1"."end_date"
                  ) IS NULL
                )
                OR (
                  (
                    "t1"."end_date"
                  ) > (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              ) AS c
            FROM "case_allocations" AS t1
            WHERE
              "t1"."worker_id" = (
                "s"."worker_id"
              )
              AND (
                (
                  COALESCE((
                    (
                      "t1"."start_date"
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  ), TRUE)
                )
                AND (
                  COALESCE(
                    (
                      (
                        (
                          "t1"."end_date"
                        ) IS NULL
                      )
                      OR (
                        (
                          "t1"."end_date"
                        ) > (
                          CAST('2025-03-31' AS DATE)
                        )
                      )
                    ),
                    TRUE
                  )
                )
              )
          ) AS q2
        )
      ) <= (
        12
      ) AS "e1",
      (
        (
          (
            "s"."newly_qualified"
          ) = (
            TRUE
          )
        )
        AND (
          (
            (
              "s"."start_date"
            ) IS NULL
          )
          OR (
            (
              "s"."start_date"
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
        )
      )
      AND (
        (
          (
            "s"."end_date"
          ) IS NULL
        )
        OR (
          (
            "s"."end_date"
          ) > (
            CAST('2025-03-31' AS DATE)
          )
        )
      ) AS "e2"
    FROM "social_workers" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- SW-CHANGES: Children do not have frequent changes of social worker
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'changes of allocated worker in the 12 months to ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ': ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ' (limit ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || '); workers allocated in that time: ' || "t_fail_7"
  END AS "reason_fail"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    CAST('2025-03-31' AS DATE) AS "r_fail_1",
    (
      SELECT
        CASE
          WHEN COUNT(CASE WHEN (
            "q16"."c"
          ) IS NULL THEN 1 END) > 0
          THEN NULL
          ELSE COUNT(CASE WHEN "q16"."c" THEN 1 END)
        END
      FROM (
        SELECT
          (
            (
              NOT (
                (
                  "t10"."worker_id"
                ) IS NULL
              )
            )
            AND (
              CASE
                WHEN (
                  (
                    "t10"."start_date"
                  ) IS NULL
                )
                OR (
                  (
                    CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                  ) IS NULL
                )
                OR (
                  (
                    CAST('2025-03-31' AS DATE)
                  ) IS NULL
                )
                THEN NULL
                ELSE (
                  (
                    "t10"."start_date"
                  ) >= (
                    CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                  )
                )
                AND (
                  (
                    "t10"."start_date"
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              END
            )
          )
          AND (
            (
              COALESCE(
                (
                  SELECT
                    "t15"."worker_id"
                  FROM "case_allocations" AS t15
                  WHERE
                    "t15"."_row" = (
                      "pk14"."v"
                    )
                ),
                "t10"."worker_id"
              )
            ) <> (
              "t10"."worker_id"
            )
          ) AS c
        FROM "case_allocations" AS t10
        LEFT JOIN LATERAL (
          SELECT
            CASE
              WHEN COUNT(
                CASE
                  WHEN (
                    (
                      "q13"."c"
                    ) OR (
                      (
                        "q13"."c"
                      ) IS NULL
                    )
                  )
                  AND (
                    (
                      "q13"."k"
                    ) IS NULL
                  )
                  THEN 1
                END
              ) > 0
              THEN NULL
              WHEN COUNT(CASE WHEN "q13"."c" THEN 1 END) = 0
              THEN NULL
              WHEN MAX(CASE WHEN (
                "q13"."c"
              ) IS NULL THEN "q13"."k" END) >= MAX(CASE WHEN "q13"."c" THEN "q13"."k" END)
              THEN NULL
              ELSE ARG_MAX("q13"."v", ("q13"."k", -"q13"."o")) FILTER(WHERE
                "q13"."c")
            END AS v
          FROM (
            SELECT
              (
                (
                  "t11"."start_date"
                ) < (
                  "t10"."start_date"
                )
              )
              AND (
                NOT (
                  (
                    "t11"."worker_id"
                  ) IS NULL
                )
              ) AS c,
              "t11"."start_date" AS k,
              "t11"."_row" AS v,
              "t11"."_row" AS o
            FROM "case_allocations" AS t11
            WHERE
              "t11"."child_id" = (
                "s"."child_id"
              )
              AND (
                (
                  COALESCE((
                    (
                      "t11"."start_date"
                    ) < (
                      "t10"."start_date"
                    )
                  ), TRUE)
                )
                AND (
                  COALESCE((
                    NOT (
                      (
                        "t11"."worker_id"
                      ) IS NULL
                    )
                  ), TRUE)
                )
              )
          ) AS q13
        ) AS pk14
          ON TRUE
        WHERE
          "t10"."child_id" = (
            "s"."child_id"
          )
          AND (
            (
              COALESCE((
                NOT (
                  (
                    "t10"."worker_id"
                  ) IS NULL
                )
              ), TRUE)
            )
            AND (
              COALESCE(
                (
                  CASE
                    WHEN (
                      (
                        "t10"."start_date"
                      ) IS NULL
                    )
                    OR (
                      (
                        CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                      ) IS NULL
                    )
                    OR (
                      (
                        CAST('2025-03-31' AS DATE)
                      ) IS NULL
                    )
                    THEN NULL
                    ELSE (
                      (
                        "t10"."start_date"
                      ) >= (
                        CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                      )
                    )
                    AND (
                      (
                        "t10"."start_date"
                      ) <= (
                        CAST('2025-03-31' AS DATE)
                      )
                    )
                  END
                ),
                TRUE
              )
            )
          )
      ) AS q16
    ) AS "r_fail_3",
    2 AS "r_fail_5",
    CASE
      WHEN EXISTS(
        SELECT
          1
        FROM "case_allocations" AS t17
        WHERE
          "t17"."child_id" = (
            "s"."child_id"
          )
          AND (
            (
              (
                NOT (
                  (
                    "t17"."worker_id"
                  ) IS NULL
                )
              )
              AND (
                (
                  "t17"."start_date"
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
            )
            AND (
              (
                (
                  "t17"."end_date"
                ) IS NULL
              )
              OR (
                (
                  "t17"."end_date"
                ) >= (
                  CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                )
              )
            )
          ) IS NULL
      )
      THEN 'missing'
      ELSE (
        SELECT
          '[' || COALESCE(ARRAY_TO_STRING(LIST_SLICE(ARRAY_AGG(q18.t ORDER BY q18.o), 1, 6), ', '), '') || CASE
            WHEN COUNT(*) > 6
            THEN ', ... (' || CAST(COUNT(*) AS TEXT) || ' in all)'
            ELSE ''
          END || ']'
        FROM (
          SELECT
            COALESCE(CAST("t17"."worker_id" AS TEXT), 'missing') AS t,
            "t17"."_row" AS o
          FROM "case_allocations" AS t17
          WHERE
            (
              "t17"."child_id" = (
                "s"."child_id"
              )
            )
            AND (
              (
                (
                  NOT (
                    (
                      "t17"."worker_id"
                    ) IS NULL
                  )
                )
                AND (
                  (
                    "t17"."start_date"
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              )
              AND (
                (
                  (
                    "t17"."end_date"
                  ) IS NULL
                )
                OR (
                  (
                    "t17"."end_date"
                  ) >= (
                    CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                  )
                )
              )
            )
        ) AS q18
      )
    END AS "t_fail_7",
    CASE
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not applicable: ' || CASE
        WHEN (
          SELECT
            COUNT(*)
          FROM "case_allocations" AS t19
          WHERE
            "t19"."child_id" = (
              "s"."child_id"
            )
        ) = 0
        THEN 'case_allocations is empty: nothing for `a` to stand for'
        ELSE 'no a in case_allocations where a.start_date <= as_at and (a.end_date is missing or a.end_date > as_at) (' || CAST((
          SELECT
            COUNT(*)
          FROM "case_allocations" AS t19
          WHERE
            "t19"."child_id" = (
              "s"."child_id"
            )
        ) AS TEXT) || CASE
          WHEN (
            SELECT
              COUNT(*)
            FROM "case_allocations" AS t19
            WHERE
              "t19"."child_id" = (
                "s"."child_id"
              )
          ) = 1
          THEN ' item'
          ELSE ' items'
        END || ' in case_allocations)'
      END
    END AS "why_not_applicable"
  FROM (
    SELECT
      s.*,
      (
        (
          SELECT
            CASE
              WHEN COUNT(CASE WHEN (
                "q7"."c"
              ) IS NULL THEN 1 END) > 0
              THEN NULL
              ELSE COUNT(CASE WHEN "q7"."c" THEN 1 END)
            END
          FROM (
            SELECT
              (
                (
                  NOT (
                    (
                      "t1"."worker_id"
                    ) IS NULL
                  )
                )
                AND (
                  CASE
                    WHEN (
                      (
                        "t1"."start_date"
                      ) IS NULL
                    )
                    OR (
                      (
                        CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                      ) IS NULL
                    )
                    OR (
                      (
                        CAST('2025-03-31' AS DATE)
                      ) IS NULL
                    )
                    THEN NULL
                    ELSE (
                      (
                        "t1"."start_date"
                      ) >= (
                        CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                      )
                    )
                    AND (
                      (
                        "t1"."start_date"
                      ) <= (
                        CAST('2025-03-31' AS DATE)
                      )
                    )
                  END
                )
              )
              AND (
                (
                  COALESCE(
                    (
                      SELECT
                        "t6"."worker_id"
                      FROM "case_allocations" AS t6
                      WHERE
                        "t6"."_row" = (
                          "pk5"."v"
                        )
                    ),
                    "t1"."worker_id"
                  )
                ) <> (
                  "t1"."worker_id"
                )
              ) AS c
            FROM "case_allocations" AS t1
            LEFT JOIN LATERAL (
              SELECT
                CASE
                  WHEN COUNT(
                    CASE
                      WHEN (
                        (
                          "q4"."c"
                        ) OR (
                          (
                            "q4"."c"
                          ) IS NULL
                        )
                      )
                      AND (
                        (
                          "q4"."k"
                        ) IS NULL
                      )
                      THEN 1
                    END
                  ) > 0
                  THEN NULL
                  WHEN COUNT(CASE WHEN "q4"."c" THEN 1 END) = 0
                  THEN NULL
                  WHEN MAX(CASE WHEN (
                    "q4"."c"
                  ) IS NULL THEN "q4"."k" END) >= MAX(CASE WHEN "q4"."c" THEN "q4"."k" END)
                  THEN NULL
                  ELSE ARG_MAX("q4"."v", ("q4"."k", -"q4"."o")) FILTER(WHERE
                    "q4"."c")
                END AS v
              FROM (
                SELECT
                  (
                    (
                      "t2"."start_date"
                    ) < (
                      "t1"."start_date"
                    )
                  )
                  AND (
                    NOT (
                      (
                        "t2"."worker_id"
                      ) IS NULL
                    )
                  ) AS c,
                  "t2"."start_date" AS k,
                  "t2"."_row" AS v,
                  "t2"."_row" AS o
                FROM "case_allocations" AS t2
                WHERE
                  "t2"."child_id" = (
                    "s"."child_id"
                  )
                  AND (
                    (
                      COALESCE((
                        (
                          "t2"."start_date"
                        ) < (
                          "t1"."start_date"
                        )
                      ), TRUE)
                    )
                    AND (
                      COALESCE((
                        NOT (
                          (
                            "t2"."worker_id"
                          ) IS NULL
                        )
                      ), TRUE)
                    )
                  )
              ) AS q4
            ) AS pk5
              ON TRUE
            WHERE
              "t1"."child_id" = (
                "s"."child_id"
              )
              AND (
                (
                  COALESCE((
                    NOT (
                      (
                        "t1"."worker_id"
                      ) IS NULL
                    )
                  ), TRUE)
                )
                AND (
                  COALESCE(
                    (
                      CASE
                        WHEN (
                          (
                            "t1"."start_date"
                          ) IS NULL
                        )
                        OR (
                          (
                            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                          ) IS NULL
                        )
                        OR (
                          (
                            CAST('2025-03-31' AS DATE)
                          ) IS NULL
                        )
                        THEN NULL
                        ELSE (
                          (
                            "t1"."start_date"
                          ) >= (
                            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL (-12) MONTH AS DATE) + INTERVAL 1 DAY AS DATE)
                          )
                        )
                        AND (
                          (
                            "t1"."start_date"
                          ) <= (
                            CAST('2025-03-31' AS DATE)
                          )
                        )
                      END
                    ),
                    TRUE
                  )
                )
              )
          ) AS q7
        )
      ) <= (
        2
      ) AS "e1",
      (
        SELECT
          CASE
            WHEN COUNT(CASE WHEN "q9"."c" THEN 1 END) > 0
            THEN TRUE
            WHEN COUNT(CASE WHEN (
              "q9"."c"
            ) IS NULL THEN 1 END) > 0
            THEN NULL
            ELSE FALSE
          END
        FROM (
          SELECT
            (
              (
                "t8"."start_date"
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
            AND (
              (
                (
                  "t8"."end_date"
                ) IS NULL
              )
              OR (
                (
                  "t8"."end_date"
                ) > (
                  CAST('2025-03-31' AS DATE)
                )
              )
            ) AS c
          FROM "case_allocations" AS t8
          WHERE
            "t8"."child_id" = (
              "s"."child_id"
            )
            AND (
              (
                COALESCE((
                  (
                    "t8"."start_date"
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                ), TRUE)
              )
              AND (
                COALESCE(
                  (
                    (
                      (
                        "t8"."end_date"
                      ) IS NULL
                    )
                    OR (
                      (
                        "t8"."end_date"
                      ) > (
                        CAST('2025-03-31' AS DATE)
                      )
                    )
                  ),
                  TRUE
                )
              )
            )
        ) AS q9
      ) AS "e2"
    FROM "children" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- AUDIT-VIEWS-RECORDED: Audited cases record the child's wishes and feelings
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'auditor''s answer to ''the child''s wishes and feelings are recorded'': ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' (audit ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ')'
  END AS "reason_fail",
  CASE WHEN "outcome" = 'not_applicable' THEN 'auditor answered not_applicable' END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'no answer to ''the child''s wishes and feelings are recorded'' (audit ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ')'
  END AS "reason_not_evidenced"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."views_recorded" AS "r_fail_1",
    "s"."audit_date" AS "r_fail_3",
    "s"."audit_date" AS "r_not_evidenced_1"
  FROM (
    SELECT
      s.*,
      (
        "s"."views_recorded"
      ) = (
        'yes'
      ) AS "e1",
      (
        (
          "s"."views_recorded"
        ) IS NULL
      )
      OR (
        (
          "s"."views_recorded"
        ) <> (
          'not_applicable'
        )
      ) AS "e2"
    FROM "case_audits" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- AUDIT-IDENTITY-CONSIDERED: Audited cases consider the child's identity - ethnicity, culture, language and religion
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'auditor''s answer to ''ethnicity, culture, language and religion are considered'': ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' (audit ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ')'
  END AS "reason_fail",
  CASE WHEN "outcome" = 'not_applicable' THEN 'auditor answered not_applicable' END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'no answer to ''ethnicity, culture, language and religion are considered'' (audit ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ')'
  END AS "reason_not_evidenced"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."identity_considered" AS "r_fail_1",
    "s"."audit_date" AS "r_fail_3",
    "s"."audit_date" AS "r_not_evidenced_1"
  FROM (
    SELECT
      s.*,
      (
        "s"."identity_considered"
      ) = (
        'yes'
      ) AS "e1",
      (
        (
          "s"."identity_considered"
        ) IS NULL
      )
      OR (
        (
          "s"."identity_considered"
        ) <> (
          'not_applicable'
        )
      ) AS "e2"
    FROM "case_audits" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- AUDIT-FATHERS-INVOLVED: Audited cases identify and involve fathers and significant males
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'auditor''s answer to ''fathers and significant males are identified and involved'': ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' (audit ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ')'
  END AS "reason_fail",
  CASE WHEN "outcome" = 'not_applicable' THEN 'auditor answered not_applicable' END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'no answer to ''fathers and significant males are identified and involved'' (audit ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ')'
  END AS "reason_not_evidenced"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."fathers_involved" AS "r_fail_1",
    "s"."audit_date" AS "r_fail_3",
    "s"."audit_date" AS "r_not_evidenced_1"
  FROM (
    SELECT
      s.*,
      (
        "s"."fathers_involved"
      ) = (
        'yes'
      ) AS "e1",
      (
        (
          "s"."fathers_involved"
        ) IS NULL
      )
      OR (
        (
          "s"."fathers_involved"
        ) <> (
          'not_applicable'
        )
      ) AS "e2"
    FROM "case_audits" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- AUDIT-CHRONOLOGY: Audited cases have an up-to-date chronology
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'auditor''s answer to ''an up-to-date chronology is on file'': ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' (audit ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ')'
  END AS "reason_fail",
  CASE WHEN "outcome" = 'not_applicable' THEN 'auditor answered not_applicable' END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'no answer to ''an up-to-date chronology is on file'' (audit ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ')'
  END AS "reason_not_evidenced"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."chronology_present" AS "r_fail_1",
    "s"."audit_date" AS "r_fail_3",
    "s"."audit_date" AS "r_not_evidenced_1"
  FROM (
    SELECT
      s.*,
      (
        "s"."chronology_present"
      ) = (
        'yes'
      ) AS "e1",
      (
        (
          "s"."chronology_present"
        ) IS NULL
      )
      OR (
        (
          "s"."chronology_present"
        ) <> (
          'not_applicable'
        )
      ) AS "e2"
    FROM "case_audits" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- AUDIT-PLAN-SMART: Audited cases have plans with measurable outcomes, timescales and contingency
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'auditor''s answer to ''the plan has measurable outcomes, timescales and contingency'': ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' (audit ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ')'
  END AS "reason_fail",
  CASE WHEN "outcome" = 'not_applicable' THEN 'auditor answered not_applicable' END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'no answer to ''the plan has measurable outcomes, timescales and contingency'' (audit ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ')'
  END AS "reason_not_evidenced"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."plan_smart" AS "r_fail_1",
    "s"."audit_date" AS "r_fail_3",
    "s"."audit_date" AS "r_not_evidenced_1"
  FROM (
    SELECT
      s.*,
      (
        "s"."plan_smart"
      ) = (
        'yes'
      ) AS "e1",
      (
        (
          "s"."plan_smart"
        ) IS NULL
      )
      OR (
        (
          "s"."plan_smart"
        ) <> (
          'not_applicable'
        )
      ) AS "e2"
    FROM "case_audits" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- AUDIT-MANAGEMENT-OVERSIGHT: Audited cases show management oversight at key decision points
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'auditor''s answer to ''management oversight is recorded at key decision points'': ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' (audit ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ')'
  END AS "reason_fail",
  CASE WHEN "outcome" = 'not_applicable' THEN 'auditor answered not_applicable' END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'no answer to ''management oversight is recorded at key decision points'' (audit ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ')'
  END AS "reason_not_evidenced"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."management_oversight" AS "r_fail_1",
    "s"."audit_date" AS "r_fail_3",
    "s"."audit_date" AS "r_not_evidenced_1"
  FROM (
    SELECT
      s.*,
      (
        "s"."management_oversight"
      ) = (
        'yes'
      ) AS "e1",
      (
        (
          "s"."management_oversight"
        ) IS NULL
      )
      OR (
        (
          "s"."management_oversight"
        ) <> (
          'not_applicable'
        )
      ) AS "e2"
    FROM "case_audits" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- AUDIT-RISK-ANALYSIS: Audited cases analyse risk and protective factors
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'auditor''s answer to ''the assessment analyses risk and protective factors'': ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' (audit ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ')'
  END AS "reason_fail",
  CASE WHEN "outcome" = 'not_applicable' THEN 'auditor answered not_applicable' END AS "reason_not_applicable",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'no answer to ''the assessment analyses risk and protective factors'' (audit ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ')'
  END AS "reason_not_evidenced"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN CASE
        WHEN (
          "s"."e1"
        )
        THEN 'pass'
        WHEN NOT (
          "s"."e1"
        )
        THEN 'fail'
        ELSE 'not_evidenced'
      END
      WHEN NOT (
        "s"."e2"
      )
      THEN 'not_applicable'
      ELSE 'not_evidenced'
    END AS outcome,
    "s"."e2" AS "_when",
    "s"."risk_analysis" AS "r_fail_1",
    "s"."audit_date" AS "r_fail_3",
    "s"."audit_date" AS "r_not_evidenced_1"
  FROM (
    SELECT
      s.*,
      (
        "s"."risk_analysis"
      ) = (
        'yes'
      ) AS "e1",
      (
        (
          "s"."risk_analysis"
        ) IS NULL
      )
      OR (
        (
          "s"."risk_analysis"
        ) <> (
          'not_applicable'
        )
      ) AS "e2"
    FROM "case_audits" AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

-- AUDIT-GRADE-GOOD: Audited cases are graded good or better
SELECT
  *,
  CASE
    WHEN "outcome" = 'fail'
    THEN 'graded ' || COALESCE(CAST("r_fail_1" AS TEXT), 'missing') || ' (auditor ' || COALESCE(CAST("r_fail_3" AS TEXT), 'missing') || ', moderator ' || COALESCE(CAST("r_fail_5" AS TEXT), 'missing') || '; audit ' || COALESCE(CAST("r_fail_7" AS TEXT), 'missing') || ')'
  END AS "reason_fail",
  CASE
    WHEN "outcome" = 'not_evidenced'
    THEN 'no grade recorded (audit ' || COALESCE(CAST("r_not_evidenced_1" AS TEXT), 'missing') || ')'
  END AS "reason_not_evidenced"
FROM (
  SELECT
    "s"."_row" AS _row,
    CASE
      WHEN (
        "s"."e2"
      )
      THEN 'pass'
      WHEN NOT (
        "s"."e2"
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END AS outcome,
    COALESCE("s"."moderated_grade", "s"."grade") AS "r_fail_1",
    "s"."grade" AS "r_fail_3",
    "s"."moderated_grade" AS "r_fail_5",
    "s"."audit_date" AS "r_fail_7",
    "s"."audit_date" AS "r_not_evidenced_1"
  FROM (
    SELECT
      s.*,
      CASE
        WHEN (
          "s"."e1"
        ) IS NULL
        THEN NULL
        ELSE (
          "s"."e1"
        ) IN ('outstanding', 'good')
      END AS "e2"
    FROM (
      SELECT
        s.*,
        COALESCE("s"."moderated_grade", "s"."grade") AS "e1"
      FROM "case_audits" AS s
    ) AS s
  ) AS s
) AS r
ORDER BY
  "r"."_row";

