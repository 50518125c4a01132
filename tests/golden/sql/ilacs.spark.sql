 pack ilacs (54 rules), as at 2025-03-31, dialect spark
-- Tables: one per table of schema `csc`, with the schema's fields and _row (record position).
--   children(_row BIGINT, child_id STRING, date_of_birth DATE, expected_date_of_birth DATE, sex STRING, ethnicity STRING, disabled BOOLEAN, uasc BOOLEAN)
--   contacts(_row BIGINT, contact_id STRING, child_id STRING, date DATE, source STRING, decision_date DATE, outcome STRING, manager_oversight BOOLEAN)
--   referrals(_row BIGINT, referral_id STRING, child_id STRING, contact_id STRING, date DATE, source STRING, decision_date DATE, nfa BOOLEAN, child_seen BOOLEAN, primary_need STRING, closure_date DATE, team STRING, referrals_last_12_months BIGINT)
--   assessments(_row BIGINT, assessment_id STRING, child_id STRING, referral_id STRING, type STRING, start_date DATE, authorised_date DATE, child_seen BOOLEAN, child_seen_alone BOOLEAN, worker_id STRING, team STRING, requires_support BOOLEAN)
--   strategy_discussions(_row BIGINT, strategy_id STRING, child_id STRING, referral_id STRING, date DATE, police_attended BOOLEAN, health_attended BOOLEAN, s47_decided BOOLEAN)
--   s47_enquiries(_row BIGINT, s47_id STRING, child_id STRING, referral_id STRING, strategy_id STRING, start_date DATE, end_date DATE, icpc_target_date DATE, icpc_not_required BOOLEAN, icpc_date DATE, worker_id STRING, team STRING)
--   cp_conferences(_row BIGINT, conference_id STRING, child_id STRING, s47_id STRING, plan_id STRING, type STRING, date DATE, plan_made BOOLEAN, minutes_sent_date DATE, first_core_group_date DATE)
--   cp_plans(_row BIGINT, plan_id STRING, child_id STRING, start_date DATE, end_date DATE, initial_category STRING, latest_category STRING, previous_plans BIGINT, team STRING)
--   visits(_row BIGINT, visit_id STRING, child_id STRING, worker_id STRING, type STRING, date DATE, seen BOOLEAN, seen_alone BOOLEAN)
--   cin_plans(_row BIGINT, cin_plan_id STRING, child_id STRING, start_date DATE, end_date DATE, last_review_date DATE)
--   care_periods(_row BIGINT, period_id STRING, child_id STRING, start_date DATE, end_date DATE, legal_status STRING, placement_type STRING, placement_start_date DATE, placement_long_term BOOLEAN, placements_last_12_months BIGINT, placement_basis STRING, care_plan_date DATE, worker_id STRING, team STRING, iro_visit_date DATE, dental_check_date DATE, missing_episodes_12m BIGINT, absent_episodes_12m BIGINT, return_interview_offered BOOLEAN, return_interview_accepted BOOLEAN, health_check_up_to_date BOOLEAN, dental_check_up_to_date BOOLEAN, immunisations_up_to_date BOOLEAN)
--   missing_episodes(_row BIGINT, episode_id STRING, child_id STRING, type STRING, start_date DATE, end_date DATE, rhi_offered_date DATE, rhi_accepted BOOLEAN, rhi_date DATE)
--   placements(_row BIGINT, placement_id STRING, child_id STRING, period_id STRING, start_date DATE, end_date DATE, placement_type STRING)
--   lac_reviews(_row BIGINT, review_id STRING, child_id STRING, period_id STRING, date DATE, child_participated BOOLEAN)
--   health_assessments(_row BIGINT, health_assessment_id STRING, child_id STRING, type STRING, date DATE)
--   peps(_row BIGINT, pep_id STRING, child_id STRING, date DATE)
--   care_leavers(_row BIGINT, child_id STRING, eligibility STRING, in_touch STRING, accommodation STRING, accommodation_suitable BOOLEAN, activity STRING, personal_adviser_id STRING, last_contact_date DATE)
--   pathway_plans(_row BIGINT, pathway_plan_id STRING, child_id STRING, date DATE)
--   social_workers(_row BIGINT, worker_id STRING, role STRING, qualified BOOLEAN, newly_qualified BOOLEAN, team STRING, start_date DATE, end_date DATE)
--   supervisions(_row BIGINT, supervision_id STRING, worker_id STRING, supervisor_id STRING, date DATE, reflective BOOLEAN)
--   case_allocations(_row BIGINT, allocation_id STRING, child_id STRING, worker_id STRING, team STRING, start_date DATE, end_date DATE)
--   case_audits(_row BIGINT, audit_id STRING, child_id STRING, audit_date DATE, auditor_id STRING, team STRING, views_recorded STRING, identity_considered STRING, fathers_involved STRING, chronology_present STRING, plan_smart STRING, management_oversight STRING, risk_analysis STRING, grade STRING, moderated_grade STRING)

-- CONTACT-DECISION-1WD: Contacts are decided within one working day
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e4`
    )
    THEN CASE
      WHEN (
        `s`.`e3`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e3`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e4`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e4` AS `_when`,
  `s`.`date` AS `r_fail_1`,
  `s`.`decision_date` AS `r_fail_3`,
  (
    `s`.`e6`
  ) - (
    `s`.`e2`
  ) AS `r_fail_5`,
  `s`.`date` AS `r_not_applicable_1`,
  `s`.`e7` AS `r_not_applicable_3`,
  `s`.`date` AS `r_pass_1`,
  `s`.`decision_date` AS `r_pass_3`,
  (
    `s`.`e1`
  ) - (
    `s`.`e2`
  ) AS `r_pass_5`
FROM (
  SELECT
    s.*,
    (
      NOT (
        (
          `s`.`decision_date`
        ) IS NULL
      )
    )
    AND (
      CASE
        WHEN (
          (
            `s`.`date`
          ) IS NULL
        ) OR (
          (
            `s`.`decision_date`
          ) IS NULL
        )
        THEN NULL
        WHEN (
          `s`.`decision_date`
        ) < (
          `s`.`date`
        )
        THEN FALSE
        ELSE (
          `s`.`e1` - `s`.`e2`
        ) <= 1
      END
    ) AS `e3`,
    (
      NOT (
        (
          `s`.`decision_date`
        ) IS NULL
      )
    )
    OR (
      (
        (
          8908
        ) - (
          `s`.`e2`
        )
      ) > (
        1
      )
    ) AS `e4`,
    (
      SELECT
        `c3`.`wd`
      FROM `cc_calendar` AS c3
      WHERE
        `c3`.`d` = (
          `s`.`e5`
        )
    ) AS `e6`,
    (
      SELECT
        `c4`.`d`
      FROM `cc_calendar` AS c4
      WHERE
        (
          `c4`.`is_wd`
        ) AND (
          `c4`.`wd` = (
            (
              `s`.`e2`
            ) + 1
          )
        )
    ) AS `e7`
  FROM (
    SELECT
      s.*,
      (
        SELECT
          `c1`.`wd`
        FROM `cc_calendar` AS c1
        WHERE
          `c1`.`d` = (
            `s`.`decision_date`
          )
      ) AS `e1`,
      (
        SELECT
          `c2`.`wd`
        FROM `cc_calendar` AS c2
        WHERE
          `c2`.`d` = (
            `s`.`date`
          )
      ) AS `e2`,
      COALESCE(`s`.`decision_date`, CAST('2025-03-31' AS DATE)) AS `e5`
    FROM `contacts` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- REFERRAL-DECISION-1WD: Referrals are decided within one working day
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e4`
    )
    THEN CASE
      WHEN (
        `s`.`e3`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e3`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e4`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e4` AS `_when`,
  `s`.`date` AS `r_fail_1`,
  `s`.`decision_date` AS `r_fail_3`,
  (
    `s`.`e6`
  ) - (
    `s`.`e2`
  ) AS `r_fail_5`,
  `s`.`date` AS `r_not_applicable_1`,
  `s`.`e7` AS `r_not_applicable_3`,
  `s`.`date` AS `r_pass_1`,
  `s`.`decision_date` AS `r_pass_3`,
  (
    `s`.`e1`
  ) - (
    `s`.`e2`
  ) AS `r_pass_5`
FROM (
  SELECT
    s.*,
    (
      NOT (
        (
          `s`.`decision_date`
        ) IS NULL
      )
    )
    AND (
      CASE
        WHEN (
          (
            `s`.`date`
          ) IS NULL
        ) OR (
          (
            `s`.`decision_date`
          ) IS NULL
        )
        THEN NULL
        WHEN (
          `s`.`decision_date`
        ) < (
          `s`.`date`
        )
        THEN FALSE
        ELSE (
          `s`.`e1` - `s`.`e2`
        ) <= 1
      END
    ) AS `e3`,
    (
      NOT (
        (
          `s`.`decision_date`
        ) IS NULL
      )
    )
    OR (
      (
        (
          8908
        ) - (
          `s`.`e2`
        )
      ) > (
        1
      )
    ) AS `e4`,
    (
      SELECT
        `c3`.`wd`
      FROM `cc_calendar` AS c3
      WHERE
        `c3`.`d` = (
          `s`.`e5`
        )
    ) AS `e6`,
    (
      SELECT
        `c4`.`d`
      FROM `cc_calendar` AS c4
      WHERE
        (
          `c4`.`is_wd`
        ) AND (
          `c4`.`wd` = (
            (
              `s`.`e2`
            ) + 1
          )
        )
    ) AS `e7`
  FROM (
    SELECT
      s.*,
      (
        SELECT
          `c1`.`wd`
        FROM `cc_calendar` AS c1
        WHERE
          `c1`.`d` = (
            `s`.`decision_date`
          )
      ) AS `e1`,
      (
        SELECT
          `c2`.`wd`
        FROM `cc_calendar` AS c2
        WHERE
          `c2`.`d` = (
            `s`.`date`
          )
      ) AS `e2`,
      COALESCE(`s`.`decision_date`, CAST('2025-03-31' AS DATE)) AS `e5`
    FROM `referrals` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- REFERRAL-NFA-SEEN: Referrals closed with no further action saw the child first
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`date` AS `r_fail_1`,
  `s`.`date` AS `r_not_evidenced_1`,
  `s`.`nfa` AS `r_not_evidenced_3`,
  `s`.`child_seen` AS `r_not_evidenced_5`,
  `s`.`date` AS `r_pass_1`
FROM (
  SELECT
    s.*,
    (
      `s`.`child_seen`
    ) = (
      TRUE
    ) AS `e1`,
    (
      `s`.`nfa`
    ) = (
      TRUE
    ) AS `e2`
  FROM `referrals` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- REREFERRAL-12M: Re-referrals within 12 months of a previous referral
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e4`
    )
    THEN CASE
      WHEN (
        `s`.`e3`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e3`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e4`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e4` AS `_when`,
  `s`.`date` AS `r_fail_1`,
  CASE
    WHEN (
      (
        `s`.`e1`
      ) IS NULL
    )
    OR (
      EXISTS(
        SELECT
          1
        FROM `referrals` AS t6
        WHERE
          COALESCE(`t6`.`child_id`, `t6`.`child_id`) = (
            `s`.`e2`
          )
          AND (
            (
              (
                `t6`.`referral_id`
              ) <> (
                `s`.`referral_id`
              )
            )
            AND (
              (
                `t6`.`date`
              ) < (
                `s`.`date`
              )
            )
          ) IS NULL
      )
    )
    THEN NULL
    ELSE (
      SELECT
        CASE WHEN COUNT(*) = COUNT(`q7`.`v`) THEN MAX(`q7`.`v`) ELSE NULL END
      FROM (
        SELECT
          `t6`.`date` AS v
        FROM `referrals` AS t6
        WHERE
          (
            COALESCE(`t6`.`child_id`, `t6`.`child_id`) = (
              `s`.`e2`
            )
          )
          AND (
            (
              (
                `t6`.`referral_id`
              ) <> (
                `s`.`referral_id`
              )
            )
            AND (
              (
                `t6`.`date`
              ) < (
                `s`.`date`
              )
            )
          )
      ) AS q7
    )
  END AS `r_fail_3`,
  `s`.`date` AS `r_not_applicable_1`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_3`,
  `s`.`child_id` AS `r_not_evidenced_1`,
  `s`.`date` AS `r_pass_1`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        `s`.`e1`
      ) IS NULL
      THEN NULL
      ELSE (
        SELECT
          NOT (
            CASE
              WHEN COUNT(CASE WHEN `q4`.`c` THEN 1 END) > 0
              THEN TRUE
              WHEN COUNT(CASE WHEN (
                `q4`.`c`
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
                  `t3`.`referral_id`
                ) <> (
                  `s`.`referral_id`
                )
              )
              AND (
                (
                  `t3`.`date`
                ) < (
                  `s`.`date`
                )
              )
            )
            AND (
              CASE
                WHEN (
                  (
                    `s`.`date`
                  ) IS NULL
                ) OR (
                  (
                    `t3`.`date`
                  ) IS NULL
                )
                THEN NULL
                WHEN (
                  `t3`.`date`
                ) > (
                  `s`.`date`
                )
                THEN FALSE
                ELSE (
                  `t3`.`date`
                ) >= (
                  CAST(ADD_MONTHS(`s`.`date`, -12) AS DATE)
                )
              END
            ) AS c
          FROM `referrals` AS t3
          WHERE
            COALESCE(`t3`.`child_id`, `t3`.`child_id`) = (
              `s`.`e2`
            )
        ) AS q4
      )
    END AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`child_id` AS `e2`,
      CASE
        WHEN (
          (
            `s`.`date`
          ) IS NULL
        )
        OR (
          (
            CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
            `s`.`date`
          ) >= (
            CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
          )
        )
        AND (
          (
            `s`.`date`
          ) <= (
            CAST('2025-03-31' AS DATE)
          )
        )
      END AS `e4`
    FROM `referrals` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_id` = (
        `s`.`child_id`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- UNALLOCATED-CASES: Every open case has an allocated worker
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  CASE
    WHEN EXISTS(
      SELECT
        1
      FROM `case_allocations` AS t5
      WHERE
        COALESCE(`t5`.`child_id`, `t5`.`child_id`) = (
          `s`.`child_id`
        )
        AND (
          (
            (
              (
                `t5`.`start_date`
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
            AND (
              (
                (
                  `t5`.`end_date`
                ) IS NULL
              )
              OR (
                (
                  `t5`.`end_date`
                ) > (
                  CAST('2025-03-31' AS DATE)
                )
              )
            )
          )
          AND (
            (
              `t5`.`worker_id`
            ) IS NULL
          )
        ) IS NULL
    )
    THEN NULL
    ELSE (
      SELECT
        CASE WHEN COUNT(*) = COUNT(`q6`.`v`) THEN MIN(`q6`.`v`) ELSE NULL END
      FROM (
        SELECT
          `t5`.`start_date` AS v
        FROM `case_allocations` AS t5
        WHERE
          (
            COALESCE(`t5`.`child_id`, `t5`.`child_id`) = (
              `s`.`child_id`
            )
          )
          AND (
            (
              (
                (
                  `t5`.`start_date`
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
              AND (
                (
                  (
                    `t5`.`end_date`
                  ) IS NULL
                )
                OR (
                  (
                    `t5`.`end_date`
                  ) > (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              )
            )
            AND (
              (
                `t5`.`worker_id`
              ) IS NULL
            )
          )
      ) AS q6
    )
  END AS `r_fail_1`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_1`,
  CAST('2025-03-31' AS DATE) AS `r_pass_1`
FROM (
  SELECT
    s.*,
    (
      SELECT
        NOT (
          CASE
            WHEN COUNT(CASE WHEN `q2`.`c` THEN 1 END) > 0
            THEN TRUE
            WHEN COUNT(CASE WHEN (
              `q2`.`c`
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
                `t1`.`start_date`
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
            AND (
              (
                (
                  `t1`.`end_date`
                ) IS NULL
              )
              OR (
                (
                  `t1`.`end_date`
                ) > (
                  CAST('2025-03-31' AS DATE)
                )
              )
            )
          )
          AND (
            (
              `t1`.`worker_id`
            ) IS NULL
          ) AS c
        FROM `case_allocations` AS t1
        WHERE
          COALESCE(`t1`.`child_id`, `t1`.`child_id`) = (
            `s`.`child_id`
          )
      ) AS q2
    ) AS `e1`,
    (
      SELECT
        CASE
          WHEN COUNT(CASE WHEN `q4`.`c` THEN 1 END) > 0
          THEN TRUE
          WHEN COUNT(CASE WHEN (
            `q4`.`c`
          ) IS NULL THEN 1 END) > 0
          THEN NULL
          ELSE FALSE
        END
      FROM (
        SELECT
          (
            (
              `t3`.`start_date`
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
          AND (
            (
              (
                `t3`.`end_date`
              ) IS NULL
            )
            OR (
              (
                `t3`.`end_date`
              ) > (
                CAST('2025-03-31' AS DATE)
              )
            )
          ) AS c
        FROM `case_allocations` AS t3
        WHERE
          COALESCE(`t3`.`child_id`, `t3`.`child_id`) = (
            `s`.`child_id`
          )
      ) AS q4
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- ALLOCATION-WAIT: Cases waiting for allocation wait no longer than the local standard
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e6`
    )
    THEN CASE
      WHEN (
        `s`.`e5`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e5`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e6`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e6` AS `_when`,
  `s`.`start_date` AS `r_fail_1`,
  CASE
    WHEN (
      (
        `s`.`e1`
      ) IS NULL
    )
    OR (
      (
        CAST('2025-03-31' AS DATE)
      ) IS NULL
    )
    THEN NULL
    ELSE LEAST(`s`.`e1`, CAST('2025-03-31' AS DATE))
  END AS `r_fail_3`,
  (
    `s`.`e3`
  ) - (
    `s`.`e4`
  ) AS `r_fail_5`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_1`,
  `s`.`worker_id` AS `r_not_applicable_3`,
  `s`.`start_date` AS `r_not_applicable_5`,
  `s`.`start_date` AS `r_pass_1`,
  CASE
    WHEN (
      (
        `s`.`e1`
      ) IS NULL
    )
    OR (
      (
        CAST('2025-03-31' AS DATE)
      ) IS NULL
    )
    THEN NULL
    ELSE LEAST(`s`.`e1`, CAST('2025-03-31' AS DATE))
  END AS `r_pass_3`,
  (
    `s`.`e3`
  ) - (
    `s`.`e4`
  ) AS `r_pass_5`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        (
          `s`.`start_date`
        ) IS NULL
      ) OR (
        (
          `s`.`e2`
        ) IS NULL
      )
      THEN NULL
      WHEN (
        `s`.`e2`
      ) < (
        `s`.`start_date`
      )
      THEN FALSE
      ELSE (
        `s`.`e3` - `s`.`e4`
      ) <= 5
    END AS `e5`
  FROM (
    SELECT
      s.*,
      (
        SELECT
          `c2`.`wd`
        FROM `cc_calendar` AS c2
        WHERE
          `c2`.`d` = (
            `s`.`e2`
          )
      ) AS `e3`
    FROM (
      SELECT
        s.*,
        CASE
          WHEN (
            (
              `s`.`e1`
            ) IS NULL
          )
          OR (
            (
              CAST('2025-03-31' AS DATE)
            ) IS NULL
          )
          THEN NULL
          ELSE LEAST(`s`.`e1`, CAST('2025-03-31' AS DATE))
        END AS `e2`
      FROM (
        SELECT
          s.*,
          COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE)) AS `e1`,
          (
            SELECT
              `c3`.`wd`
            FROM `cc_calendar` AS c3
            WHERE
              `c3`.`d` = (
                `s`.`start_date`
              )
          ) AS `e4`,
          (
            (
              `s`.`worker_id`
            ) IS NULL
          )
          AND (
            (
              `s`.`start_date`
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          ) AS `e6`
        FROM `case_allocations` AS s
      ) AS s
    ) AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- CONTACT-MANAGER-OVERSIGHT: Contacts that lead to a referral record a manager's decision
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`date` AS `r_fail_1`,
  `s`.`date` AS `r_not_applicable_1`,
  `s`.`outcome` AS `r_not_applicable_3`,
  `s`.`date` AS `r_not_evidenced_1`,
  `s`.`date` AS `r_pass_1`
FROM (
  SELECT
    s.*,
    (
      `s`.`manager_oversight`
    ) = (
      TRUE
    ) AS `e1`,
    (
      COALESCE((
        `s`.`outcome`
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
            FROM `referrals` AS t1
            WHERE
              COALESCE(`t1`.`contact_id`, `t1`.`contact_id`) = (
                `s`.`contact_id`
              )
          ) AS q2
        )
      ) > (
        0
      )
    ) AS `e2`
  FROM `contacts` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- ASSESS-45WD: Assessments are completed within the timescale of the Working Together in force when they started
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e8`
    )
    THEN CASE
      WHEN (
        `s`.`e7`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e7`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e8`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e8` AS `_when`,
  `s`.`type` AS `r_fail_1`,
  `s`.`e4` AS `r_fail_3`,
  `s`.`start_date` AS `r_fail_5`,
  `s`.`authorised_date` AS `r_fail_7`,
  (
    `s`.`e10`
  ) - (
    `s`.`e2`
  ) AS `r_fail_9`,
  (
    `s`.`e10`
  ) - (
    `s`.`e6`
  ) AS `r_fail_11`,
  'start' AS `r_fail_13`,
  `s`.`type` AS `r_not_applicable_1`,
  `s`.`start_date` AS `r_not_applicable_3`,
  (
    8908
  ) - (
    `s`.`e2`
  ) AS `r_not_applicable_5`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_7`,
  `s`.`start_date` AS `r_not_evidenced_1`,
  `s`.`type` AS `r_pass_1`,
  `s`.`e4` AS `r_pass_3`,
  `s`.`start_date` AS `r_pass_5`,
  `s`.`authorised_date` AS `r_pass_7`,
  (
    `s`.`e1`
  ) - (
    `s`.`e2`
  ) AS `r_pass_9`,
  (
    `s`.`e1`
  ) - (
    `s`.`e6`
  ) AS `r_pass_11`
FROM (
  SELECT
    s.*,
    (
      NOT (
        (
          `s`.`authorised_date`
        ) IS NULL
      )
    )
    AND (
      (
        (
          (
            (
              (
                `s`.`start_date`
              ) >= (
                CAST('2013-04-15' AS DATE)
              )
            )
            OR (
              (
                `s`.`type`
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
                      `s`.`start_date`
                    ) IS NULL
                  )
                  OR (
                    (
                      `s`.`authorised_date`
                    ) IS NULL
                  )
                  THEN NULL
                  WHEN (
                    `s`.`authorised_date`
                  ) < (
                    `s`.`start_date`
                  )
                  THEN FALSE
                  ELSE (
                    `s`.`e1` - `s`.`e2`
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
                      `s`.`e5`
                    ) IS NULL
                  ) OR (
                    (
                      `s`.`authorised_date`
                    ) IS NULL
                  )
                  THEN NULL
                  WHEN (
                    `s`.`authorised_date`
                  ) < (
                    `s`.`e5`
                  )
                  THEN FALSE
                  ELSE (
                    `s`.`e1` - `s`.`e6`
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
                `s`.`start_date`
              ) < (
                CAST('2013-04-15' AS DATE)
              )
            )
            AND (
              (
                `s`.`type`
              ) = (
                'initial'
              )
            )
          )
          AND (
            CASE
              WHEN (
                (
                  `s`.`e5`
                ) IS NULL
              ) OR (
                (
                  `s`.`authorised_date`
                ) IS NULL
              )
              THEN NULL
              WHEN (
                `s`.`authorised_date`
              ) < (
                `s`.`e5`
              )
              THEN FALSE
              ELSE (
                `s`.`e1` - `s`.`e6`
              ) <= 10
            END
          )
        )
      )
      OR (
        (
          (
            (
              `s`.`start_date`
            ) < (
              CAST('2013-04-15' AS DATE)
            )
          )
          AND (
            (
              `s`.`type`
            ) = (
              'core'
            )
          )
        )
        AND (
          CASE
            WHEN (
              (
                `s`.`start_date`
              ) IS NULL
            )
            OR (
              (
                `s`.`authorised_date`
              ) IS NULL
            )
            THEN NULL
            WHEN (
              `s`.`authorised_date`
            ) < (
              `s`.`start_date`
            )
            THEN FALSE
            ELSE (
              `s`.`e1` - `s`.`e2`
            ) <= 35
          END
        )
      )
    ) AS `e7`,
    (
      (
        (
          NOT (
            (
              `s`.`authorised_date`
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
                `s`.`e2`
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
              `s`.`e6`
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
          `s`.`start_date`
        ) < (
          CAST('2013-04-15' AS DATE)
        )
      )
      AND (
        (
          (
            (
              `s`.`type`
            ) = (
              'initial'
            )
          )
          AND (
            (
              (
                8908
              ) - (
                `s`.`e6`
              )
            ) > (
              10
            )
          )
        )
        OR (
          (
            (
              `s`.`type`
            ) = (
              'core'
            )
          )
          AND (
            (
              (
                8908
              ) - (
                `s`.`e2`
              )
            ) > (
              35
            )
          )
        )
      )
    ) AS `e8`
  FROM (
    SELECT
      s.*,
      (
        SELECT
          `c5`.`wd`
        FROM `cc_calendar` AS c5
        WHERE
          `c5`.`d` = (
            `s`.`e5`
          )
      ) AS `e6`
    FROM (
      SELECT
        s.*,
        COALESCE(`s`.`e4`, `s`.`start_date`) AS `e5`,
        (
          SELECT
            `c10`.`wd`
          FROM `cc_calendar` AS c10
          WHERE
            `c10`.`d` = (
              `s`.`e9`
            )
        ) AS `e10`
      FROM (
        SELECT
          s.*,
          (
            SELECT
              `c1`.`wd`
            FROM `cc_calendar` AS c1
            WHERE
              `c1`.`d` = (
                `s`.`authorised_date`
              )
          ) AS `e1`,
          (
            SELECT
              `c2`.`wd`
            FROM `cc_calendar` AS c2
            WHERE
              `c2`.`d` = (
                `s`.`start_date`
              )
          ) AS `e2`,
          `j4`.`_row` AS `e3`,
          `j4`.`date` AS `e4`,
          COALESCE(`s`.`authorised_date`, CAST('2025-03-31' AS DATE)) AS `e9`
        FROM `assessments` AS s
        LEFT JOIN `referrals` AS j4
          ON `j4`.`referral_id` = (
            `s`.`referral_id`
          )
      ) AS s
    ) AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- ASSESS-CHILD-SEEN: The child is seen during the assessment
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`start_date` AS `r_fail_1`,
  `s`.`authorised_date` AS `r_fail_3`,
  `s`.`start_date` AS `r_not_applicable_1`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_3`,
  `s`.`authorised_date` AS `r_not_evidenced_1`,
  `s`.`authorised_date` AS `r_pass_1`
FROM (
  SELECT
    s.*,
    (
      `s`.`child_seen`
    ) = (
      TRUE
    ) AS `e1`,
    (
      NOT (
        (
          `s`.`authorised_date`
        ) IS NULL
      )
    )
    OR (
      NOT (
        (
          `s`.`child_seen`
        ) IS NULL
      )
    ) AS `e2`
  FROM `assessments` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- ASSESS-SEEN-ALONE: The child is seen alone during the assessment
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`start_date` AS `r_fail_1`,
  `s`.`authorised_date` AS `r_fail_3`,
  `s`.`child_seen` AS `r_fail_5`,
  `s`.`start_date` AS `r_not_applicable_1`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_3`,
  `s`.`authorised_date` AS `r_not_evidenced_1`,
  `s`.`authorised_date` AS `r_pass_1`
FROM (
  SELECT
    s.*,
    (
      `s`.`child_seen_alone`
    ) = (
      TRUE
    ) AS `e1`,
    (
      NOT (
        (
          `s`.`authorised_date`
        ) IS NULL
      )
    )
    OR (
      NOT (
        (
          `s`.`child_seen_alone`
        ) IS NULL
      )
    ) AS `e2`
  FROM `assessments` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- ASSESS-QUALIFIED-WORKER: Assessments are carried out by a qualified social worker
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e3`
    )
    THEN 'pass'
    WHEN NOT (
      `s`.`e3`
    )
    THEN 'fail'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`start_date` AS `r_fail_1`,
  `s`.`worker_id` AS `r_fail_3`,
  `s`.`e4` AS `r_fail_5`,
  `s`.`start_date` AS `r_not_evidenced_1`,
  `s`.`worker_id` AS `r_not_evidenced_3`,
  `s`.`e2` AS `r_not_evidenced_5`,
  `s`.`start_date` AS `r_pass_1`,
  `s`.`worker_id` AS `r_pass_3`,
  `s`.`e4` AS `r_pass_5`
FROM (
  SELECT
    s.*,
    (
      `s`.`e2`
    ) = (
      TRUE
    ) AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`qualified` AS `e2`,
      `j2`.`role` AS `e4`
    FROM `assessments` AS s
    LEFT JOIN `social_workers` AS j2
      ON `j2`.`worker_id` = (
        `s`.`worker_id`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- S47-STRATEGY-FIRST: A strategy discussion is held before every section 47 enquiry
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e6`
    )
    THEN 'pass'
    WHEN NOT (
      `s`.`e6`
    )
    THEN 'fail'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`start_date` AS `r_fail_1`,
  `s`.`e2` AS `r_fail_5`,
  CASE
    WHEN (
      (
        `s`.`e3`
      ) IS NULL
    )
    OR (
      EXISTS(
        SELECT
          1
        FROM `strategy_discussions` AS t11
        WHERE
          COALESCE(`t11`.`child_id`, `t11`.`child_id`) = (
            `s`.`e4`
          )
          AND (
            (
              `t11`.`date`
            ) <= (
              `s`.`start_date`
            )
          ) IS NULL
      )
    )
    THEN NULL
    ELSE (
      SELECT
        CASE WHEN COUNT(*) = COUNT(`q12`.`v`) THEN MAX(`q12`.`v`) ELSE NULL END
      FROM (
        SELECT
          `t11`.`date` AS v
        FROM `strategy_discussions` AS t11
        WHERE
          (
            COALESCE(`t11`.`child_id`, `t11`.`child_id`) = (
              `s`.`e4`
            )
          )
          AND (
            (
              `t11`.`date`
            ) <= (
              `s`.`start_date`
            )
          )
      ) AS q12
    )
  END AS `r_fail_7`,
  `s`.`start_date` AS `r_not_evidenced_1`,
  `s`.`child_id` AS `r_not_evidenced_3`,
  `s`.`start_date` AS `r_pass_1`,
  COALESCE(
    CASE
      WHEN (
        (
          `s`.`e3`
        ) IS NULL
      )
      OR (
        EXISTS(
          SELECT
            1
          FROM `strategy_discussions` AS t14
          WHERE
            COALESCE(`t14`.`child_id`, `t14`.`child_id`) = (
              `s`.`e4`
            )
            AND (
              (
                `t14`.`date`
              ) <= (
                `s`.`start_date`
              )
            ) IS NULL
        )
      )
      THEN NULL
      ELSE (
        SELECT
          CASE WHEN COUNT(*) = COUNT(`q15`.`v`) THEN MAX(`q15`.`v`) ELSE NULL END
        FROM (
          SELECT
            `t14`.`date` AS v
          FROM `strategy_discussions` AS t14
          WHERE
            (
              COALESCE(`t14`.`child_id`, `t14`.`child_id`) = (
                `s`.`e4`
              )
            )
            AND (
              (
                `t14`.`date`
              ) <= (
                `s`.`start_date`
              )
            )
        ) AS q15
      )
    END,
    `s`.`e2`
  ) AS `r_pass_3`
FROM (
  SELECT
    s.*,
    (
      COALESCE((
        `s`.`e2`
      ) <= (
        `s`.`start_date`
      ), FALSE)
    )
    OR (
      CASE
        WHEN (
          `s`.`e3`
        ) IS NULL
        THEN NULL
        ELSE (
          SELECT
            CASE
              WHEN COUNT(CASE WHEN `q8`.`c` THEN 1 END) > 0
              THEN TRUE
              WHEN COUNT(CASE WHEN (
                `q8`.`c`
              ) IS NULL THEN 1 END) > 0
              THEN NULL
              ELSE FALSE
            END
          FROM (
            SELECT
              CASE
                WHEN (
                  (
                    `s`.`start_date`
                  ) IS NULL
                ) OR (
                  (
                    `t5`.`date`
                  ) IS NULL
                )
                THEN NULL
                WHEN (
                  `t5`.`date`
                ) > (
                  `s`.`start_date`
                )
                THEN FALSE
                ELSE (
                  `s`.`e5` - (
                    SELECT
                      `c7`.`wd`
                    FROM `cc_calendar` AS c7
                    WHERE
                      `c7`.`d` = (
                        `t5`.`date`
                      )
                  )
                ) <= 15
              END AS c
            FROM `strategy_discussions` AS t5
            WHERE
              COALESCE(`t5`.`child_id`, `t5`.`child_id`) = (
                `s`.`e4`
              )
          ) AS q8
        )
      END
    ) AS `e6`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`date` AS `e2`,
      `j4`.`_row` AS `e3`,
      `j4`.`child_id` AS `e4`,
      (
        SELECT
          `c6`.`wd`
        FROM `cc_calendar` AS c6
        WHERE
          `c6`.`d` = (
            `s`.`start_date`
          )
      ) AS `e5`
    FROM `s47_enquiries` AS s
    LEFT JOIN `strategy_discussions` AS j2
      ON `j2`.`strategy_id` = (
        `s`.`strategy_id`
      )
    LEFT JOIN `children` AS j4
      ON `j4`.`child_id` = (
        `s`.`child_id`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- STRATEGY-POLICE-HEALTH: Police and health take part in strategy discussions
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e1`
    )
    THEN 'pass'
    WHEN NOT (
      `s`.`e1`
    )
    THEN 'fail'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`date` AS `r_fail_1`,
  `s`.`police_attended` AS `r_fail_3`,
  `s`.`health_attended` AS `r_fail_5`,
  `s`.`date` AS `r_not_evidenced_1`,
  `s`.`police_attended` AS `r_not_evidenced_3`,
  `s`.`health_attended` AS `r_not_evidenced_5`,
  `s`.`date` AS `r_pass_1`,
  `s`.`police_attended` AS `r_pass_3`,
  `s`.`health_attended` AS `r_pass_5`
FROM (
  SELECT
    s.*,
    (
      (
        `s`.`police_attended`
      ) = (
        TRUE
      )
    )
    AND (
      (
        (
          `s`.`date`
        ) < (
          CAST('2013-04-15' AS DATE)
        )
      )
      OR (
        (
          `s`.`health_attended`
        ) = (
          TRUE
        )
      )
    ) AS `e1`
  FROM `strategy_discussions` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- STRATEGY-TIMELY: Strategy discussions are held promptly after the referral
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e6`
    )
    THEN CASE
      WHEN (
        `s`.`e5`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e5`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e6`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e6` AS `_when`,
  `s`.`e2` AS `r_fail_1`,
  `s`.`date` AS `r_fail_3`,
  (
    `s`.`e3`
  ) - (
    `s`.`e4`
  ) AS `r_fail_5`,
  `s`.`date` AS `r_not_applicable_1`,
  `s`.`referral_id` AS `r_not_applicable_3`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_5`,
  `s`.`date` AS `r_not_evidenced_1`,
  `s`.`referral_id` AS `r_not_evidenced_3`,
  `s`.`e2` AS `r_pass_1`,
  `s`.`date` AS `r_pass_3`,
  (
    `s`.`e3`
  ) - (
    `s`.`e4`
  ) AS `r_pass_5`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        (
          `s`.`e2`
        ) IS NULL
      ) OR (
        (
          `s`.`date`
        ) IS NULL
      )
      THEN NULL
      WHEN (
        `s`.`date`
      ) < (
        `s`.`e2`
      )
      THEN FALSE
      ELSE (
        `s`.`e3` - `s`.`e4`
      ) <= 3
    END AS `e5`
  FROM (
    SELECT
      s.*,
      (
        SELECT
          `c4`.`wd`
        FROM `cc_calendar` AS c4
        WHERE
          `c4`.`d` = (
            `s`.`e2`
          )
      ) AS `e4`
    FROM (
      SELECT
        s.*,
        `j2`.`_row` AS `e1`,
        `j2`.`date` AS `e2`,
        (
          SELECT
            `c3`.`wd`
          FROM `cc_calendar` AS c3
          WHERE
            `c3`.`d` = (
              `s`.`date`
            )
        ) AS `e3`,
        (
          NOT (
            (
              `s`.`referral_id`
            ) IS NULL
          )
        )
        AND (
          (
            `s`.`date`
          ) <= (
            CAST('2025-03-31' AS DATE)
          )
        ) AS `e6`
      FROM `strategy_discussions` AS s
      LEFT JOIN `referrals` AS j2
        ON `j2`.`referral_id` = (
          `s`.`referral_id`
        )
    ) AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- ICPC-15WD: Initial child protection conferences are held within 15 working days of the strategy discussion
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e7`
    )
    THEN CASE
      WHEN (
        `s`.`e6`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e6`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e7`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e7` AS `_when`,
  `s`.`icpc_date` AS `r_fail_1`,
  (
    `s`.`e9`
  ) - (
    `s`.`e5`
  ) AS `r_fail_3`,
  COALESCE(`s`.`e2`, `s`.`start_date`) AS `r_fail_5`,
  `s`.`icpc_not_required` AS `r_not_applicable_1`,
  (
    8908
  ) - (
    `s`.`e5`
  ) AS `r_not_applicable_3`,
  COALESCE(`s`.`e2`, `s`.`start_date`) AS `r_not_applicable_5`,
  `s`.`icpc_date` AS `r_pass_1`,
  (
    `s`.`e4`
  ) - (
    `s`.`e5`
  ) AS `r_pass_3`,
  COALESCE(`s`.`e2`, `s`.`start_date`) AS `r_pass_5`
FROM (
  SELECT
    s.*,
    (
      NOT (
        (
          `s`.`icpc_date`
        ) IS NULL
      )
    )
    AND (
      CASE
        WHEN (
          (
            `s`.`e3`
          ) IS NULL
        ) OR (
          (
            `s`.`icpc_date`
          ) IS NULL
        )
        THEN NULL
        WHEN (
          `s`.`icpc_date`
        ) < (
          `s`.`e3`
        )
        THEN FALSE
        ELSE (
          `s`.`e4` - `s`.`e5`
        ) <= 15
      END
    ) AS `e6`,
    (
      NOT (
        COALESCE(`s`.`icpc_not_required`, FALSE)
      )
    )
    AND (
      (
        NOT (
          (
            `s`.`icpc_date`
          ) IS NULL
        )
      )
      OR (
        (
          (
            8908
          ) - (
            `s`.`e5`
          )
        ) > (
          15
        )
      )
    ) AS `e7`
  FROM (
    SELECT
      s.*,
      (
        SELECT
          `c4`.`wd`
        FROM `cc_calendar` AS c4
        WHERE
          `c4`.`d` = (
            `s`.`e3`
          )
      ) AS `e5`
    FROM (
      SELECT
        s.*,
        COALESCE(`s`.`e2`, `s`.`start_date`) AS `e3`,
        (
          SELECT
            `c7`.`wd`
          FROM `cc_calendar` AS c7
          WHERE
            `c7`.`d` = (
              `s`.`e8`
            )
        ) AS `e9`
      FROM (
        SELECT
          s.*,
          `j2`.`_row` AS `e1`,
          `j2`.`date` AS `e2`,
          (
            SELECT
              `c3`.`wd`
            FROM `cc_calendar` AS c3
            WHERE
              `c3`.`d` = (
                `s`.`icpc_date`
              )
          ) AS `e4`,
          COALESCE(`s`.`icpc_date`, CAST('2025-03-31' AS DATE)) AS `e8`
        FROM `s47_enquiries` AS s
        LEFT JOIN `strategy_discussions` AS j2
          ON `j2`.`strategy_id` = (
            `s`.`strategy_id`
          )
      ) AS s
    ) AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- S47-CORE-ASSESSMENT: Every section 47 enquiry is carried out through an assessment of the child
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e5`
    )
    THEN CASE
      WHEN (
        `s`.`e3`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e3`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e5`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e5` AS `_when`,
  `s`.`start_date` AS `r_fail_1`,
  COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE)) AS `r_fail_3`,
  `s`.`start_date` AS `r_not_applicable_1`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_3`,
  (
    8908
  ) - (
    `s`.`e4`
  ) AS `r_not_applicable_5`,
  `s`.`start_date` AS `r_not_evidenced_1`,
  `s`.`child_id` AS `r_not_evidenced_3`,
  `s`.`start_date` AS `r_pass_1`,
  `s`.`end_date` AS `r_pass_3`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        `s`.`e1`
      ) IS NULL
      THEN NULL
      ELSE (
        SELECT
          CASE
            WHEN COUNT(CASE WHEN `q6`.`c` THEN 1 END) > 0
            THEN TRUE
            WHEN COUNT(CASE WHEN (
              `q6`.`c`
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
                    `t3`.`start_date`
                  ) <= (
                    `s`.`start_date`
                  )
                )
                OR (
                  (
                    `t3`.`start_date`
                  ) <= (
                    CASE
                      WHEN (
                        (
                          COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE))
                        ) IS NULL
                      )
                      OR (
                        (
                          CAST('2025-03-31' AS DATE)
                        ) IS NULL
                      )
                      THEN NULL
                      ELSE LEAST(COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
                    END
                  )
                )
              )
              AND (
                (
                  (
                    `t3`.`authorised_date`
                  ) IS NULL
                )
                OR (
                  (
                    `t3`.`authorised_date`
                  ) >= (
                    `s`.`start_date`
                  )
                )
              )
            )
            AND (
              (
                (
                  `s`.`start_date`
                ) >= (
                  CAST('2013-04-15' AS DATE)
                )
              )
              OR (
                CASE
                  WHEN (
                    `t3`.`type`
                  ) IS NULL
                  THEN NULL
                  ELSE (
                    `t3`.`type`
                  ) IN ('core', 'single')
                END
              )
            ) AS c
          FROM `assessments` AS t3
          WHERE
            COALESCE(`t3`.`child_id`, `t3`.`child_id`) = (
              `s`.`e2`
            )
        ) AS q6
      )
    END AS `e3`,
    (
      (
        `s`.`start_date`
      ) <= (
        CAST('2025-03-31' AS DATE)
      )
    )
    AND (
      (
        (
          NOT (
            (
              `s`.`end_date`
            ) IS NULL
          )
        )
        OR (
          (
            (
              8908
            ) - (
              `s`.`e4`
            )
          ) > (
            15
          )
        )
      )
      OR (
        CASE
          WHEN (
            `s`.`e1`
          ) IS NULL
          THEN NULL
          ELSE (
            SELECT
              CASE
                WHEN COUNT(CASE WHEN `q11`.`c` THEN 1 END) > 0
                THEN TRUE
                WHEN COUNT(CASE WHEN (
                  `q11`.`c`
                ) IS NULL THEN 1 END) > 0
                THEN NULL
                ELSE FALSE
              END
            FROM (
              SELECT
                (
                  (
                    (
                      `t9`.`start_date`
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                  AND (
                    (
                      (
                        `t9`.`authorised_date`
                      ) IS NULL
                    )
                    OR (
                      (
                        `t9`.`authorised_date`
                      ) >= (
                        `s`.`start_date`
                      )
                    )
                  )
                )
                AND (
                  (
                    (
                      `s`.`start_date`
                    ) >= (
                      CAST('2013-04-15' AS DATE)
                    )
                  )
                  OR (
                    CASE
                      WHEN (
                        `t9`.`type`
                      ) IS NULL
                      THEN NULL
                      ELSE (
                        `t9`.`type`
                      ) IN ('core', 'single')
                    END
                  )
                ) AS c
              FROM `assessments` AS t9
              WHERE
                COALESCE(`t9`.`child_id`, `t9`.`child_id`) = (
                  `s`.`e2`
                )
            ) AS q11
          )
        END
      )
    ) AS `e5`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`child_id` AS `e2`,
      (
        SELECT
          `c7`.`wd`
        FROM `cc_calendar` AS c7
        WHERE
          `c7`.`d` = (
            `s`.`start_date`
          )
      ) AS `e4`
    FROM `s47_enquiries` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_id` = (
        `s`.`child_id`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- CORE-GROUP-10WD: The first core group meets within 10 working days of the initial conference
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e4`
    )
    THEN CASE
      WHEN (
        `s`.`e3`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e3`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e4`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e4` AS `_when`,
  `s`.`date` AS `r_fail_1`,
  `s`.`first_core_group_date` AS `r_fail_3`,
  (
    `s`.`e6`
  ) - (
    `s`.`e2`
  ) AS `r_fail_5`,
  `s`.`type` AS `r_not_applicable_0`,
  `s`.`date` AS `r_not_applicable_2`,
  `s`.`plan_made` AS `r_not_applicable_4`,
  `s`.`plan_id` AS `r_not_applicable_6`,
  `s`.`date` AS `r_pass_1`,
  `s`.`first_core_group_date` AS `r_pass_3`,
  (
    `s`.`e1`
  ) - (
    `s`.`e2`
  ) AS `r_pass_5`
FROM (
  SELECT
    s.*,
    (
      NOT (
        (
          `s`.`first_core_group_date`
        ) IS NULL
      )
    )
    AND (
      CASE
        WHEN (
          (
            `s`.`date`
          ) IS NULL
        )
        OR (
          (
            `s`.`first_core_group_date`
          ) IS NULL
        )
        THEN NULL
        WHEN (
          `s`.`first_core_group_date`
        ) < (
          `s`.`date`
        )
        THEN FALSE
        ELSE (
          `s`.`e1` - `s`.`e2`
        ) <= 10
      END
    ) AS `e3`,
    (
      (
        (
          `s`.`type`
        ) = (
          'initial'
        )
      )
      AND (
        COALESCE(`s`.`plan_made`, NOT (
          (
            `s`.`plan_id`
          ) IS NULL
        ))
      )
    )
    AND (
      (
        NOT (
          (
            `s`.`first_core_group_date`
          ) IS NULL
        )
      )
      OR (
        (
          (
            8908
          ) - (
            `s`.`e2`
          )
        ) > (
          10
        )
      )
    ) AS `e4`,
    (
      SELECT
        `c3`.`wd`
      FROM `cc_calendar` AS c3
      WHERE
        `c3`.`d` = (
          `s`.`e5`
        )
    ) AS `e6`
  FROM (
    SELECT
      s.*,
      (
        SELECT
          `c1`.`wd`
        FROM `cc_calendar` AS c1
        WHERE
          `c1`.`d` = (
            `s`.`first_core_group_date`
          )
      ) AS `e1`,
      (
        SELECT
          `c2`.`wd`
        FROM `cc_calendar` AS c2
        WHERE
          `c2`.`d` = (
            `s`.`date`
          )
      ) AS `e2`,
      COALESCE(`s`.`first_core_group_date`, CAST('2025-03-31' AS DATE)) AS `e5`
    FROM `cp_conferences` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- CP-REVIEW-TIMELY: Child protection review conferences are on time
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e6`
    )
    THEN CASE
      WHEN (
        `s`.`e5`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e5`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e6`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e6` AS `_when`,
  `s`.`start_date` AS `r_not_applicable_1`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_3`,
  `s`.`start_date` AS `r_pass_1`,
  COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE)) AS `r_pass_5`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        (
          `s`.`start_date`
        ) IS NULL
      ) OR (
        (
          `s`.`e1`
        ) IS NULL
      )
      THEN NULL
      WHEN EXISTS(
        SELECT
          1
        FROM `cp_conferences` AS t1
        WHERE
          COALESCE(`t1`.`plan_id`, `t1`.`plan_id`) = (
            `s`.`plan_id`
          )
          AND (
            (
              `t1`.`type`
            ) = (
              'review'
            )
          ) IS NULL
      )
      THEN NULL
      WHEN EXISTS(
        SELECT
          1
        FROM `cp_conferences` AS t1
        WHERE
          (
            (
              COALESCE(`t1`.`plan_id`, `t1`.`plan_id`) = (
                `s`.`plan_id`
              )
            )
            AND (
              (
                `t1`.`type`
              ) = (
                'review'
              )
            )
          )
          AND (
            `t1`.`date`
          ) IS NULL
      )
      THEN NULL
      WHEN (
        `s`.`start_date`
      ) > (
        `s`.`e1`
      )
      THEN TRUE
      ELSE CASE
        WHEN `s`.`e2` > 0
        THEN FALSE
        ELSE CASE
          WHEN (
            `s`.`e3`
          ) = 0
          THEN CASE
            WHEN (
              (
                `s`.`e4`
              ) IS NULL
            ) OR (
              (
                `s`.`e1`
              ) IS NULL
            )
            THEN NULL
            WHEN (
              `s`.`e1`
            ) < (
              `s`.`e4`
            )
            THEN FALSE
            ELSE (
              `s`.`e1`
            ) <= (
              CAST(ADD_MONTHS(`s`.`e4`, 3) AS DATE)
            )
          END
          ELSE CASE
            WHEN (
              (
                `s`.`e4`
              ) IS NULL
            ) OR (
              (
                `s`.`e1`
              ) IS NULL
            )
            THEN NULL
            WHEN (
              `s`.`e1`
            ) < (
              `s`.`e4`
            )
            THEN FALSE
            ELSE (
              `s`.`e1`
            ) <= (
              CAST(ADD_MONTHS(`s`.`e4`, 6) AS DATE)
            )
          END
        END
      END
    END AS `e5`
  FROM (
    SELECT
      s.*,
      COALESCE(`g5`.`misses`, 0) AS `e2`,
      COALESCE(`g5`.`k`, 0) AS `e3`,
      COALESCE(`g5`.`last`, `s`.`start_date`) AS `e4`
    FROM (
      SELECT
        s.*,
        CASE
          WHEN (
            COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE))
          ) IS NULL
          THEN NULL
          ELSE LEAST(COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
        END AS `e1`,
        (
          `s`.`start_date`
        ) <= (
          CAST('2025-03-31' AS DATE)
        ) AS `e6`
      FROM `cp_plans` AS s
    ) AS s
    LEFT JOIN (
      SELECT
        `q4`.`r`,
        COUNT(CASE WHEN NOT (
          `q4`.`ok`
        ) THEN 1 END) AS misses,
        COUNT(*) AS k,
        MAX(`q4`.`e`) AS last
      FROM (
        SELECT
          `q3`.`r`,
          `q3`.`e`,
          CASE
            WHEN (
              `q3`.`i`
            ) = 0
            THEN CASE
              WHEN (
                (
                  `q3`.`prev`
                ) IS NULL
              ) OR (
                (
                  `q3`.`e`
                ) IS NULL
              )
              THEN NULL
              WHEN (
                `q3`.`e`
              ) < (
                `q3`.`prev`
              )
              THEN FALSE
              ELSE (
                `q3`.`e`
              ) <= (
                CAST(ADD_MONTHS(`q3`.`prev`, 3) AS DATE)
              )
            END
            ELSE CASE
              WHEN (
                (
                  `q3`.`prev`
                ) IS NULL
              ) OR (
                (
                  `q3`.`e`
                ) IS NULL
              )
              THEN NULL
              WHEN (
                `q3`.`e`
              ) < (
                `q3`.`prev`
              )
              THEN FALSE
              ELSE (
                `q3`.`e`
              ) <= (
                CAST(ADD_MONTHS(`q3`.`prev`, 6) AS DATE)
              )
            END
          END AS ok
        FROM (
          SELECT
            `q2`.`r`,
            `q2`.`e`,
            ROW_NUMBER() OVER (PARTITION BY `q2`.`r` ORDER BY `q2`.`e` NULLS LAST) - 1 AS i,
            COALESCE(LAG(`q2`.`e`) OVER (PARTITION BY `q2`.`r` ORDER BY `q2`.`e` NULLS LAST), `q2`.`st`) AS prev
          FROM (
            SELECT DISTINCT
              `s`.`_row` AS r,
              `t1`.`date` AS e,
              `s`.`start_date` AS st
            FROM (
              SELECT
                s.*,
                CASE
                  WHEN (
                    COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE))
                  ) IS NULL
                  THEN NULL
                  ELSE LEAST(COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
                END AS `e1`,
                (
                  `s`.`start_date`
                ) <= (
                  CAST('2025-03-31' AS DATE)
                ) AS `e6`
              FROM `cp_plans` AS s
            ) AS s
            CROSS JOIN `cp_conferences` AS t1
            WHERE
              (
                (
                  COALESCE(`t1`.`plan_id`, `t1`.`plan_id`) = (
                    `s`.`plan_id`
                  )
                )
                AND (
                  (
                    `t1`.`type`
                  ) = (
                    'review'
                  )
                )
              )
              AND (
                (
                  (
                    `t1`.`date`
                  ) >= (
                    `s`.`start_date`
                  )
                )
                AND (
                  (
                    `t1`.`date`
                  ) <= (
                    `s`.`e1`
                  )
                )
              )
          ) AS q2
        ) AS q3
      ) AS q4
      GROUP BY
        `q4`.`r`
    ) AS g5
      ON `g5`.`r` = `s`.`_row`
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- CP-SEEN-ALONE: Children on plans were seen alone at their latest statutory visit
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e8`
    )
    THEN CASE
      WHEN (
        `s`.`e5`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e5`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e8`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e8` AS `_when`,
  `s`.`e9` AS `r_fail_1`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_1`,
  `s`.`start_date` AS `r_not_applicable_3`,
  `s`.`end_date` AS `r_not_applicable_5`,
  CASE
    WHEN (
      (
        `s`.`e6`
      ) IS NULL
    )
    OR (
      (
        CAST('2025-03-31' AS DATE)
      ) IS NULL
    )
    THEN NULL
    ELSE (
      YEAR(CAST('2025-03-31' AS DATE)) - YEAR(`s`.`e6`)
    ) - CASE
      WHEN (
        MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
      ) < (
        MONTH(`s`.`e6`) * 100 + DAY(`s`.`e6`)
      )
      THEN 1
      ELSE 0
    END
  END AS `r_not_applicable_7`,
  NOT (
    (
      `s`.`e7`
    ) IS NULL
  ) AS `r_not_applicable_9`,
  `s`.`e9` AS `r_not_evidenced_1`,
  `s`.`e9` AS `r_pass_1`
FROM (
  SELECT
    s.*,
    (
      `s`.`e4`
    ) = (
      TRUE
    ) AS `e5`
  FROM (
    SELECT
      s.*,
      `j5`.`seen_alone` AS `e4`,
      `j5`.`date` AS `e9`
    FROM (
      SELECT
        s.*,
        CASE
          WHEN (
            `s`.`e1`
          ) IS NULL
          THEN NULL
          WHEN (
            SELECT
              CASE
                WHEN COUNT(
                  CASE
                    WHEN (
                      (
                        `q4`.`c`
                      ) OR (
                        (
                          `q4`.`c`
                        ) IS NULL
                      )
                    )
                    AND (
                      (
                        `q4`.`k`
                      ) IS NULL
                    )
                    THEN 1
                  END
                ) > 0
                THEN FALSE
                WHEN COUNT(CASE WHEN `q4`.`c` THEN 1 END) = 0
                THEN FALSE
                WHEN MAX(CASE WHEN (
                  `q4`.`c`
                ) IS NULL THEN `q4`.`k` END) >= MAX(CASE WHEN `q4`.`c` THEN `q4`.`k` END)
                THEN FALSE
                ELSE TRUE
              END AS ok
            FROM (
              SELECT
                (
                  (
                    (
                      `t3`.`type`
                    ) = (
                      'cp'
                    )
                  )
                  AND (
                    (
                      `t3`.`date`
                    ) >= (
                      `s`.`start_date`
                    )
                  )
                )
                AND (
                  (
                    `t3`.`date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                ) AS c,
                `t3`.`date` AS k
              FROM `visits` AS t3
              WHERE
                COALESCE(`t3`.`child_id`, `t3`.`child_id`) = (
                  `s`.`e2`
                )
            ) AS q4
          )
          THEN (
            SELECT
              `t3`.`_row` AS v
            FROM `visits` AS t3
            WHERE
              COALESCE(`t3`.`child_id`, `t3`.`child_id`) = (
                `s`.`e2`
              )
              AND (
                (
                  (
                    (
                      `t3`.`type`
                    ) = (
                      'cp'
                    )
                  )
                  AND (
                    (
                      `t3`.`date`
                    ) >= (
                      `s`.`start_date`
                    )
                  )
                )
                AND (
                  (
                    `t3`.`date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              )
            ORDER BY
              (
                `t3`.`date`
              ) DESC,
              (
                `t3`.`_row`
              ) NULLS LAST
            LIMIT 1
          )
          ELSE NULL
        END AS `e3`,
        (
          (
            (
              `s`.`start_date`
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
          AND (
            (
              (
                `s`.`end_date`
              ) IS NULL
            )
            OR (
              (
                `s`.`end_date`
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
                    `s`.`e6`
                  ) IS NULL
                )
                OR (
                  (
                    CAST('2025-03-31' AS DATE)
                  ) IS NULL
                )
                THEN NULL
                ELSE (
                  YEAR(CAST('2025-03-31' AS DATE)) - YEAR(`s`.`e6`)
                ) - CASE
                  WHEN (
                    MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
                  ) < (
                    MONTH(`s`.`e6`) * 100 + DAY(`s`.`e6`)
                  )
                  THEN 1
                  ELSE 0
                END
              END
            ) >= (
              4
            ),
            (
              `s`.`e7`
            ) IS NULL
          )
        ) AS `e8`
      FROM (
        SELECT
          s.*,
          `j2`.`_row` AS `e1`,
          `j2`.`child_id` AS `e2`,
          `j2`.`date_of_birth` AS `e6`,
          `j2`.`expected_date_of_birth` AS `e7`
        FROM `cp_plans` AS s
        LEFT JOIN `children` AS j2
          ON `j2`.`child_id` = (
            `s`.`child_id`
          )
      ) AS s
    ) AS s
    LEFT JOIN `visits` AS j5
      ON `j5`.`_row` = (
        `s`.`e3`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- CP-VISIT-10WD: Children on plans have a statutory visit at least as often as the local standard
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e5`
    )
    THEN CASE
      WHEN (
        `s`.`e3`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e3`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e5`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e5` AS `_when`,
  CAST('2025-03-31' AS DATE) AS `r_fail_3`,
  CASE
    WHEN (
      (
        `s`.`e1`
      ) IS NULL
    )
    OR (
      EXISTS(
        SELECT
          1
        FROM `visits` AS t8
        WHERE
          COALESCE(`t8`.`child_id`, `t8`.`child_id`) = (
            `s`.`e2`
          )
          AND (
            (
              (
                (
                  `t8`.`type`
                ) = (
                  'cp'
                )
              )
              AND (
                COALESCE(`t8`.`seen`, TRUE)
              )
            )
            AND (
              (
                `t8`.`date`
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
        CASE WHEN COUNT(*) = COUNT(`q9`.`v`) THEN MAX(`q9`.`v`) ELSE NULL END
      FROM (
        SELECT
          `t8`.`date` AS v
        FROM `visits` AS t8
        WHERE
          (
            COALESCE(`t8`.`child_id`, `t8`.`child_id`) = (
              `s`.`e2`
            )
          )
          AND (
            (
              (
                (
                  `t8`.`type`
                ) = (
                  'cp'
                )
              )
              AND (
                COALESCE(`t8`.`seen`, TRUE)
              )
            )
            AND (
              (
                `t8`.`date`
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
          )
      ) AS q9
    )
  END AS `r_fail_5`,
  `s`.`start_date` AS `r_not_applicable_1`,
  `s`.`end_date` AS `r_not_applicable_3`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_5`,
  `s`.`start_date` AS `r_not_evidenced_1`,
  `s`.`child_id` AS `r_not_evidenced_3`,
  CAST('2025-03-31' AS DATE) AS `r_pass_3`,
  CASE
    WHEN (
      (
        `s`.`e1`
      ) IS NULL
    )
    OR (
      EXISTS(
        SELECT
          1
        FROM `visits` AS t11
        WHERE
          COALESCE(`t11`.`child_id`, `t11`.`child_id`) = (
            `s`.`e2`
          )
          AND (
            (
              (
                (
                  `t11`.`type`
                ) = (
                  'cp'
                )
              )
              AND (
                COALESCE(`t11`.`seen`, TRUE)
              )
            )
            AND (
              (
                `t11`.`date`
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
        CASE WHEN COUNT(*) = COUNT(`q12`.`v`) THEN MAX(`q12`.`v`) ELSE NULL END
      FROM (
        SELECT
          `t11`.`date` AS v
        FROM `visits` AS t11
        WHERE
          (
            COALESCE(`t11`.`child_id`, `t11`.`child_id`) = (
              `s`.`e2`
            )
          )
          AND (
            (
              (
                (
                  `t11`.`type`
                ) = (
                  'cp'
                )
              )
              AND (
                COALESCE(`t11`.`seen`, TRUE)
              )
            )
            AND (
              (
                `t11`.`date`
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
          )
      ) AS q12
    )
  END AS `r_pass_5`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        `s`.`e1`
      ) IS NULL
      THEN NULL
      ELSE (
        SELECT
          CASE
            WHEN COUNT(CASE WHEN `q5`.`c` THEN 1 END) > 0
            THEN TRUE
            WHEN COUNT(CASE WHEN (
              `q5`.`c`
            ) IS NULL THEN 1 END) > 0
            THEN NULL
            ELSE FALSE
          END
        FROM (
          SELECT
            (
              (
                (
                  `t3`.`type`
                ) = (
                  'cp'
                )
              )
              AND (
                COALESCE(`t3`.`seen`, TRUE)
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
                    `t3`.`date`
                  ) IS NULL
                )
                THEN NULL
                WHEN (
                  `t3`.`date`
                ) > (
                  CAST('2025-03-31' AS DATE)
                )
                THEN FALSE
                ELSE (
                  8908 - (
                    SELECT
                      `c4`.`wd`
                    FROM `cc_calendar` AS c4
                    WHERE
                      `c4`.`d` = (
                        `t3`.`date`
                      )
                  )
                ) <= 10
              END
            ) AS c
          FROM `visits` AS t3
          WHERE
            COALESCE(`t3`.`child_id`, `t3`.`child_id`) = (
              `s`.`e2`
            )
        ) AS q5
      )
    END AS `e3`,
    (
      (
        (
          `s`.`start_date`
        ) <= (
          CAST('2025-03-31' AS DATE)
        )
      )
      AND (
        (
          (
            `s`.`end_date`
          ) IS NULL
        )
        OR (
          (
            `s`.`end_date`
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
              `s`.`start_date`
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
            `s`.`start_date`
          )
          THEN FALSE
          ELSE (
            8908 - `s`.`e4`
          ) <= 10
        END
      )
    ) AS `e5`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`child_id` AS `e2`,
      (
        SELECT
          `c6`.`wd`
        FROM `cc_calendar` AS c6
        WHERE
          `c6`.`d` = (
            `s`.`start_date`
          )
      ) AS `e4`
    FROM `cp_plans` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_id` = (
        `s`.`child_id`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- CP-REPEAT-PLAN: Children becoming the subject of a plan for a second or subsequent time (ever)
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`start_date` AS `r_fail_1`,
  `s`.`previous_plans` AS `r_fail_3`,
  `s`.`start_date` AS `r_not_applicable_1`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_3`,
  `s`.`start_date` AS `r_not_evidenced_1`,
  `s`.`start_date` AS `r_pass_1`
FROM (
  SELECT
    s.*,
    (
      `s`.`previous_plans`
    ) = (
      0
    ) AS `e1`,
    CASE
      WHEN (
        (
          `s`.`start_date`
        ) IS NULL
      )
      OR (
        (
          CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
          `s`.`start_date`
        ) >= (
          CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
        )
      )
      AND (
        (
          `s`.`start_date`
        ) <= (
          CAST('2025-03-31' AS DATE)
        )
      )
    END AS `e2`
  FROM `cp_plans` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- CP-REPEAT-PLAN-2Y: Children becoming the subject of a plan again within 2 years of a previous plan
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e4`
    )
    THEN CASE
      WHEN (
        `s`.`e3`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e3`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e4`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e4` AS `_when`,
  `s`.`start_date` AS `r_fail_1`,
  CASE
    WHEN (
      (
        `s`.`e1`
      ) IS NULL
    )
    OR (
      EXISTS(
        SELECT
          1
        FROM `cp_plans` AS t6
        WHERE
          COALESCE(`t6`.`child_id`, `t6`.`child_id`) = (
            `s`.`e2`
          )
          AND (
            (
              (
                `t6`.`plan_id`
              ) <> (
                `s`.`plan_id`
              )
            )
            AND (
              (
                `t6`.`end_date`
              ) <= (
                `s`.`start_date`
              )
            )
          ) IS NULL
      )
    )
    THEN NULL
    ELSE (
      SELECT
        CASE WHEN COUNT(*) = COUNT(`q7`.`v`) THEN MAX(`q7`.`v`) ELSE NULL END
      FROM (
        SELECT
          `t6`.`end_date` AS v
        FROM `cp_plans` AS t6
        WHERE
          (
            COALESCE(`t6`.`child_id`, `t6`.`child_id`) = (
              `s`.`e2`
            )
          )
          AND (
            (
              (
                `t6`.`plan_id`
              ) <> (
                `s`.`plan_id`
              )
            )
            AND (
              (
                `t6`.`end_date`
              ) <= (
                `s`.`start_date`
              )
            )
          )
      ) AS q7
    )
  END AS `r_fail_3`,
  `s`.`start_date` AS `r_not_applicable_1`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_3`,
  `s`.`child_id` AS `r_not_evidenced_1`,
  `s`.`start_date` AS `r_pass_1`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        `s`.`e1`
      ) IS NULL
      THEN NULL
      ELSE (
        SELECT
          NOT (
            CASE
              WHEN COUNT(CASE WHEN `q4`.`c` THEN 1 END) > 0
              THEN TRUE
              WHEN COUNT(CASE WHEN (
                `q4`.`c`
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
                    `t3`.`plan_id`
                  ) <> (
                    `s`.`plan_id`
                  )
                )
                AND (
                  NOT (
                    (
                      `t3`.`end_date`
                    ) IS NULL
                  )
                )
              )
              AND (
                (
                  `t3`.`end_date`
                ) <= (
                  `s`.`start_date`
                )
              )
            )
            AND (
              (
                `t3`.`end_date`
              ) >= (
                CAST(ADD_MONTHS(`s`.`start_date`, -24) AS DATE)
              )
            ) AS c
          FROM `cp_plans` AS t3
          WHERE
            COALESCE(`t3`.`child_id`, `t3`.`child_id`) = (
              `s`.`e2`
            )
        ) AS q4
      )
    END AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`child_id` AS `e2`,
      CASE
        WHEN (
          (
            `s`.`start_date`
          ) IS NULL
        )
        OR (
          (
            CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
            `s`.`start_date`
          ) >= (
            CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
          )
        )
        AND (
          (
            `s`.`start_date`
          ) <= (
            CAST('2025-03-31' AS DATE)
          )
        )
      END AS `e4`
    FROM `cp_plans` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_id` = (
        `s`.`child_id`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- CP-MINUTES-TIMELY: Child protection conference minutes are sent within the local standard
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e4`
    )
    THEN CASE
      WHEN (
        `s`.`e3`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e3`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e4`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e4` AS `_when`,
  `s`.`type` AS `r_fail_0`,
  `s`.`date` AS `r_fail_2`,
  `s`.`minutes_sent_date` AS `r_fail_4`,
  (
    `s`.`e6`
  ) - (
    `s`.`e2`
  ) AS `r_fail_6`,
  `s`.`type` AS `r_not_applicable_0`,
  `s`.`date` AS `r_not_applicable_2`,
  (
    8908
  ) - (
    `s`.`e2`
  ) AS `r_not_applicable_4`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_6`,
  `s`.`type` AS `r_pass_0`,
  `s`.`date` AS `r_pass_2`,
  `s`.`minutes_sent_date` AS `r_pass_4`,
  (
    `s`.`e1`
  ) - (
    `s`.`e2`
  ) AS `r_pass_6`
FROM (
  SELECT
    s.*,
    (
      NOT (
        (
          `s`.`minutes_sent_date`
        ) IS NULL
      )
    )
    AND (
      CASE
        WHEN (
          (
            `s`.`date`
          ) IS NULL
        )
        OR (
          (
            `s`.`minutes_sent_date`
          ) IS NULL
        )
        THEN NULL
        WHEN (
          `s`.`minutes_sent_date`
        ) < (
          `s`.`date`
        )
        THEN FALSE
        ELSE (
          `s`.`e1` - `s`.`e2`
        ) <= 20
      END
    ) AS `e3`,
    (
      (
        `s`.`date`
      ) <= (
        CAST('2025-03-31' AS DATE)
      )
    )
    AND (
      (
        NOT (
          (
            `s`.`minutes_sent_date`
          ) IS NULL
        )
      )
      OR (
        NOT (
          CASE
            WHEN (
              (
                `s`.`date`
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
              `s`.`date`
            )
            THEN FALSE
            ELSE (
              8908 - `s`.`e2`
            ) <= 20
          END
        )
      )
    ) AS `e4`,
    (
      SELECT
        `c3`.`wd`
      FROM `cc_calendar` AS c3
      WHERE
        `c3`.`d` = (
          `s`.`e5`
        )
    ) AS `e6`
  FROM (
    SELECT
      s.*,
      (
        SELECT
          `c1`.`wd`
        FROM `cc_calendar` AS c1
        WHERE
          `c1`.`d` = (
            `s`.`minutes_sent_date`
          )
      ) AS `e1`,
      (
        SELECT
          `c2`.`wd`
        FROM `cc_calendar` AS c2
        WHERE
          `c2`.`d` = (
            `s`.`date`
          )
      ) AS `e2`,
      COALESCE(`s`.`minutes_sent_date`, CAST('2025-03-31' AS DATE)) AS `e5`
    FROM `cp_conferences` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- LAC-REVIEW-TIMELY: Looked-after reviews are on time
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e8`
    )
    THEN CASE
      WHEN (
        `s`.`e7`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e7`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e8`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e8` AS `_when`,
  `s`.`start_date` AS `r_not_applicable_1`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_3`,
  `s`.`legal_status` AS `r_not_applicable_5`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        (
          `s`.`start_date`
        ) IS NULL
      ) OR (
        (
          `s`.`e1`
        ) IS NULL
      )
      THEN NULL
      WHEN EXISTS(
        SELECT
          1
        FROM `lac_reviews` AS t1
        WHERE
          COALESCE(`t1`.`period_id`, `t1`.`period_id`) = (
            `s`.`period_id`
          )
          AND (
            `t1`.`date`
          ) IS NULL
      )
      THEN NULL
      WHEN (
        `s`.`start_date`
      ) > (
        `s`.`e1`
      )
      THEN TRUE
      ELSE CASE
        WHEN `s`.`e2` > 0
        THEN FALSE
        ELSE CASE
          WHEN (
            `s`.`e3`
          ) = 0
          THEN CASE
            WHEN (
              (
                `s`.`e4`
              ) IS NULL
            ) OR (
              (
                `s`.`e1`
              ) IS NULL
            )
            THEN NULL
            WHEN (
              `s`.`e1`
            ) < (
              `s`.`e4`
            )
            THEN FALSE
            ELSE (
              `s`.`e5` - `s`.`e6`
            ) <= 20
          END
          WHEN (
            `s`.`e3`
          ) = 1
          THEN CASE
            WHEN (
              (
                `s`.`e4`
              ) IS NULL
            ) OR (
              (
                `s`.`e1`
              ) IS NULL
            )
            THEN NULL
            WHEN (
              `s`.`e1`
            ) < (
              `s`.`e4`
            )
            THEN FALSE
            ELSE (
              `s`.`e1`
            ) <= (
              CAST(ADD_MONTHS(`s`.`e4`, 3) AS DATE)
            )
          END
          ELSE CASE
            WHEN (
              (
                `s`.`e4`
              ) IS NULL
            ) OR (
              (
                `s`.`e1`
              ) IS NULL
            )
            THEN NULL
            WHEN (
              `s`.`e1`
            ) < (
              `s`.`e4`
            )
            THEN FALSE
            ELSE (
              `s`.`e1`
            ) <= (
              CAST(ADD_MONTHS(`s`.`e4`, 6) AS DATE)
            )
          END
        END
      END
    END AS `e7`
  FROM (
    SELECT
      s.*,
      (
        SELECT
          `c9`.`wd`
        FROM `cc_calendar` AS c9
        WHERE
          `c9`.`d` = (
            `s`.`e4`
          )
      ) AS `e6`
    FROM (
      SELECT
        s.*,
        COALESCE(`g5`.`misses`, 0) AS `e2`,
        COALESCE(`g5`.`k`, 0) AS `e3`,
        COALESCE(`g5`.`last`, `s`.`start_date`) AS `e4`,
        (
          SELECT
            `c8`.`wd`
          FROM `cc_calendar` AS c8
          WHERE
            `c8`.`d` = (
              `s`.`e1`
            )
        ) AS `e5`
      FROM (
        SELECT
          s.*,
          CASE
            WHEN (
              COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE))
            ) IS NULL
            THEN NULL
            ELSE LEAST(COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
          END AS `e1`,
          (
            (
              `s`.`start_date`
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
          AND (
            (
              (
                `s`.`legal_status`
              ) IS NULL
            )
            OR (
              NOT (
                CASE
                  WHEN (
                    `s`.`legal_status`
                  ) IS NULL
                  THEN NULL
                  ELSE (
                    `s`.`legal_status`
                  ) IN ('V3', 'V4')
                END
              )
            )
          ) AS `e8`
        FROM `care_periods` AS s
      ) AS s
      LEFT JOIN (
        SELECT
          `q4`.`r`,
          COUNT(CASE WHEN NOT (
            `q4`.`ok`
          ) THEN 1 END) AS misses,
          COUNT(*) AS k,
          MAX(`q4`.`e`) AS last
        FROM (
          SELECT
            `q3`.`r`,
            `q3`.`e`,
            CASE
              WHEN (
                `q3`.`i`
              ) = 0
              THEN CASE
                WHEN (
                  (
                    `q3`.`prev`
                  ) IS NULL
                ) OR (
                  (
                    `q3`.`e`
                  ) IS NULL
                )
                THEN NULL
                WHEN (
                  `q3`.`e`
                ) < (
                  `q3`.`prev`
                )
                THEN FALSE
                ELSE (
                  (
                    SELECT
                      `c6`.`wd`
                    FROM `cc_calendar` AS c6
                    WHERE
                      `c6`.`d` = (
                        `q3`.`e`
                      )
                  ) - (
                    SELECT
                      `c7`.`wd`
                    FROM `cc_calendar` AS c7
                    WHERE
                      `c7`.`d` = (
                        `q3`.`prev`
                      )
                  )
                ) <= 20
              END
              WHEN (
                `q3`.`i`
              ) = 1
              THEN CASE
                WHEN (
                  (
                    `q3`.`prev`
                  ) IS NULL
                ) OR (
                  (
                    `q3`.`e`
                  ) IS NULL
                )
                THEN NULL
                WHEN (
                  `q3`.`e`
                ) < (
                  `q3`.`prev`
                )
                THEN FALSE
                ELSE (
                  `q3`.`e`
                ) <= (
                  CAST(ADD_MONTHS(`q3`.`prev`, 3) AS DATE)
                )
              END
              ELSE CASE
                WHEN (
                  (
                    `q3`.`prev`
                  ) IS NULL
                ) OR (
                  (
                    `q3`.`e`
                  ) IS NULL
                )
                THEN NULL
                WHEN (
                  `q3`.`e`
                ) < (
                  `q3`.`prev`
                )
                THEN FALSE
                ELSE (
                  `q3`.`e`
                ) <= (
                  CAST(ADD_MONTHS(`q3`.`prev`, 6) AS DATE)
                )
              END
            END AS ok
          FROM (
            SELECT
              `q2`.`r`,
              `q2`.`e`,
              ROW_NUMBER() OVER (PARTITION BY `q2`.`r` ORDER BY `q2`.`e` NULLS LAST) - 1 AS i,
              COALESCE(LAG(`q2`.`e`) OVER (PARTITION BY `q2`.`r` ORDER BY `q2`.`e` NULLS LAST), `q2`.`st`) AS prev
            FROM (
              SELECT DISTINCT
                `s`.`_row` AS r,
                `t1`.`date` AS e,
                `s`.`start_date` AS st
              FROM (
                SELECT
                  s.*,
                  CASE
                    WHEN (
                      COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE))
                    ) IS NULL
                    THEN NULL
                    ELSE LEAST(COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
                  END AS `e1`,
                  (
                    (
                      `s`.`start_date`
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                  AND (
                    (
                      (
                        `s`.`legal_status`
                      ) IS NULL
                    )
                    OR (
                      NOT (
                        CASE
                          WHEN (
                            `s`.`legal_status`
                          ) IS NULL
                          THEN NULL
                          ELSE (
                            `s`.`legal_status`
                          ) IN ('V3', 'V4')
                        END
                      )
                    )
                  ) AS `e8`
                FROM `care_periods` AS s
              ) AS s
              CROSS JOIN `lac_reviews` AS t1
              WHERE
                (
                  COALESCE(`t1`.`period_id`, `t1`.`period_id`) = (
                    `s`.`period_id`
                  )
                )
                AND (
                  (
                    (
                      `t1`.`date`
                    ) >= (
                      `s`.`start_date`
                    )
                  )
                  AND (
                    (
                      `t1`.`date`
                    ) <= (
                      `s`.`e1`
                    )
                  )
                )
            ) AS q2
          ) AS q3
        ) AS q4
        GROUP BY
          `q4`.`r`
      ) AS g5
        ON `g5`.`r` = `s`.`_row`
    ) AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- LAC-VISIT-TIMELY: Children in care are visited within the regulation 28 timescales
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e5`
    )
    THEN CASE
      WHEN (
        `s`.`e4`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e4`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e5`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e5` AS `_when`,
  CASE
    WHEN (
      (
        `s`.`e2`
      ) IS NULL
    )
    OR (
      EXISTS(
        SELECT
          1
        FROM `visits` AS t23
        WHERE
          COALESCE(`t23`.`child_id`, `t23`.`child_id`) = (
            `s`.`e3`
          )
          AND (
            (
              (
                `t23`.`type`
              ) = (
                'lac'
              )
            )
            AND (
              CASE
                WHEN (
                  (
                    `t23`.`date`
                  ) IS NULL
                )
                OR (
                  (
                    `s`.`start_date`
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
                    `t23`.`date`
                  ) >= (
                    `s`.`start_date`
                  )
                )
                AND (
                  (
                    `t23`.`date`
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
        CASE WHEN COUNT(*) = COUNT(`q24`.`v`) THEN MAX(`q24`.`v`) ELSE NULL END
      FROM (
        SELECT
          `t23`.`date` AS v
        FROM `visits` AS t23
        WHERE
          (
            COALESCE(`t23`.`child_id`, `t23`.`child_id`) = (
              `s`.`e3`
            )
          )
          AND (
            (
              (
                `t23`.`type`
              ) = (
                'lac'
              )
            )
            AND (
              CASE
                WHEN (
                  (
                    `t23`.`date`
                  ) IS NULL
                )
                OR (
                  (
                    `s`.`start_date`
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
                    `t23`.`date`
                  ) >= (
                    `s`.`start_date`
                  )
                )
                AND (
                  (
                    `t23`.`date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              END
            )
          )
      ) AS q24
    )
  END AS `r_fail_1`,
  COALESCE(`s`.`placement_start_date`, `s`.`start_date`) AS `r_fail_3`,
  `s`.`e7` AS `r_fail_5`,
  CAST('2025-03-31' AS DATE) AS `r_fail_7`,
  `s`.`placement_basis` AS `r_fail_9`,
  `s`.`legal_status` AS `r_fail_11`,
  `s`.`placement_type` AS `r_fail_13`,
  `s`.`placement_long_term` AS `r_fail_15`,
  `s`.`placement_start_date` AS `r_fail_17`,
  `s`.`start_date` AS `r_not_applicable_1`,
  `s`.`end_date` AS `r_not_applicable_3`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_5`,
  `s`.`legal_status` AS `r_not_applicable_7`
FROM (
  SELECT
    s.*,
    `j28`.`date` AS `e7`
  FROM (
    SELECT
      s.*,
      (
        (
          NOT (
            CASE
              WHEN (
                (
                  `s`.`e1`
                ) IS NULL
              )
              OR (
                (
                  CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                ) IS NULL
              )
              OR (
                (
                  CAST(DATE_ADD(CAST('2025-03-31' AS DATE), -7) AS DATE)
                ) IS NULL
              )
              THEN NULL
              ELSE (
                (
                  `s`.`e1`
                ) >= (
                  CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                )
              )
              AND (
                (
                  `s`.`e1`
                ) <= (
                  CAST(DATE_ADD(CAST('2025-03-31' AS DATE), -7) AS DATE)
                )
              )
            END
          )
        )
        OR (
          CASE
            WHEN (
              `s`.`e2`
            ) IS NULL
            THEN NULL
            ELSE (
              SELECT
                CASE
                  WHEN COUNT(CASE WHEN `q4`.`c` THEN 1 END) > 0
                  THEN TRUE
                  WHEN COUNT(CASE WHEN (
                    `q4`.`c`
                  ) IS NULL THEN 1 END) > 0
                  THEN NULL
                  ELSE FALSE
                END
              FROM (
                SELECT
                  (
                    (
                      `t3`.`type`
                    ) = (
                      'lac'
                    )
                  )
                  AND (
                    CASE
                      WHEN (
                        (
                          `t3`.`date`
                        ) IS NULL
                      )
                      OR (
                        (
                          COALESCE(`s`.`placement_start_date`, `s`.`start_date`)
                        ) IS NULL
                      )
                      OR (
                        (
                          CAST(DATE_ADD(COALESCE(`s`.`placement_start_date`, `s`.`start_date`), 7) AS DATE)
                        ) IS NULL
                      )
                      THEN NULL
                      ELSE (
                        (
                          `t3`.`date`
                        ) >= (
                          COALESCE(`s`.`placement_start_date`, `s`.`start_date`)
                        )
                      )
                      AND (
                        (
                          `t3`.`date`
                        ) <= (
                          CAST(DATE_ADD(COALESCE(`s`.`placement_start_date`, `s`.`start_date`), 7) AS DATE)
                        )
                      )
                    END
                  ) AS c
                FROM `visits` AS t3
                WHERE
                  COALESCE(`t3`.`child_id`, `t3`.`child_id`) = (
                    `s`.`e3`
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
              `s`.`e2`
            ) IS NULL
            THEN NULL
            ELSE (
              SELECT
                CASE
                  WHEN COUNT(CASE WHEN `q7`.`c` THEN 1 END) > 0
                  THEN TRUE
                  WHEN COUNT(CASE WHEN (
                    `q7`.`c`
                  ) IS NULL THEN 1 END) > 0
                  THEN NULL
                  ELSE FALSE
                END
              FROM (
                SELECT
                  (
                    (
                      (
                        `t6`.`type`
                      ) = (
                        'lac'
                      )
                    )
                    AND (
                      (
                        `t6`.`date`
                      ) >= (
                        `s`.`start_date`
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
                          `t6`.`date`
                        ) IS NULL
                      )
                      THEN NULL
                      WHEN (
                        `t6`.`date`
                      ) > (
                        CAST('2025-03-31' AS DATE)
                      )
                      THEN FALSE
                      ELSE (
                        `t6`.`date`
                      ) >= (
                        CAST(DATE_ADD(CAST('2025-03-31' AS DATE), -7) AS DATE)
                      )
                    END
                  ) AS c
                FROM `visits` AS t6
                WHERE
                  COALESCE(`t6`.`child_id`, `t6`.`child_id`) = (
                    `s`.`e3`
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
                        `s`.`placement_basis`
                      ) IS NULL
                    )
                  )
                  AND (
                    CASE
                      WHEN (
                        `s`.`placement_basis`
                      ) IS NULL
                      THEN NULL
                      ELSE (
                        `s`.`placement_basis`
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
                            `s`.`legal_status`
                          ) IS NULL
                        )
                      )
                      AND (
                        NOT (
                          (
                            `s`.`placement_type`
                          ) IS NULL
                        )
                      )
                    )
                    AND (
                      (
                        `s`.`legal_status`
                      ) = (
                        'C1'
                      )
                    )
                  )
                  AND (
                    (
                      `s`.`placement_type`
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
                        WHEN COUNT(CASE WHEN `q10`.`c` THEN 1 END) > 0
                        THEN TRUE
                        WHEN COUNT(CASE WHEN (
                          `q10`.`c`
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
                            `t9`.`date`
                          ) IS NULL
                        )
                        OR (
                          (
                            COALESCE(`s`.`placement_start_date`, `s`.`start_date`)
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
                            `t9`.`date`
                          ) >= (
                            COALESCE(`s`.`placement_start_date`, `s`.`start_date`)
                          )
                        )
                        AND (
                          (
                            `t9`.`date`
                          ) <= (
                            CAST('2025-03-31' AS DATE)
                          )
                        )
                      END AS c
                    FROM `lac_reviews` AS t9
                    WHERE
                      COALESCE(`t9`.`period_id`, `t9`.`period_id`) = (
                        `s`.`period_id`
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
                  `s`.`e2`
                ) IS NULL
                THEN NULL
                ELSE (
                  SELECT
                    CASE
                      WHEN COUNT(CASE WHEN `q13`.`c` THEN 1 END) > 0
                      THEN TRUE
                      WHEN COUNT(CASE WHEN (
                        `q13`.`c`
                      ) IS NULL THEN 1 END) > 0
                      THEN NULL
                      ELSE FALSE
                    END
                  FROM (
                    SELECT
                      (
                        (
                          (
                            `t12`.`type`
                          ) = (
                            'lac'
                          )
                        )
                        AND (
                          (
                            `t12`.`date`
                          ) >= (
                            `s`.`start_date`
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
                              `t12`.`date`
                            ) IS NULL
                          )
                          THEN NULL
                          WHEN (
                            `t12`.`date`
                          ) > (
                            CAST('2025-03-31' AS DATE)
                          )
                          THEN FALSE
                          ELSE (
                            `t12`.`date`
                          ) >= (
                            CAST(DATE_ADD(CAST('2025-03-31' AS DATE), -28) AS DATE)
                          )
                        END
                      ) AS c
                    FROM `visits` AS t12
                    WHERE
                      COALESCE(`t12`.`child_id`, `t12`.`child_id`) = (
                        `s`.`e3`
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
                          `s`.`placement_basis`
                        ) IS NULL
                      )
                    )
                    AND (
                      (
                        `s`.`placement_basis`
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
                              `s`.`legal_status`
                            ) IS NULL
                          )
                        )
                        AND (
                          NOT (
                            (
                              `s`.`placement_type`
                            ) IS NULL
                          )
                        )
                      )
                      AND (
                        (
                          `s`.`legal_status`
                        ) = (
                          'C1'
                        )
                      )
                    )
                    AND (
                      (
                        `s`.`placement_type`
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
                      `s`.`e2`
                    ) IS NULL
                    THEN NULL
                    ELSE (
                      SELECT
                        CASE
                          WHEN COUNT(CASE WHEN `q16`.`c` THEN 1 END) > 0
                          THEN TRUE
                          WHEN COUNT(CASE WHEN (
                            `q16`.`c`
                          ) IS NULL THEN 1 END) > 0
                          THEN NULL
                          ELSE FALSE
                        END
                      FROM (
                        SELECT
                          (
                            (
                              (
                                `t15`.`type`
                              ) = (
                                'lac'
                              )
                            )
                            AND (
                              (
                                `t15`.`date`
                              ) >= (
                                `s`.`start_date`
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
                                  `t15`.`date`
                                ) IS NULL
                              )
                              THEN NULL
                              WHEN (
                                `t15`.`date`
                              ) > (
                                CAST('2025-03-31' AS DATE)
                              )
                              THEN FALSE
                              ELSE (
                                `t15`.`date`
                              ) >= (
                                CAST(DATE_ADD(CAST('2025-03-31' AS DATE), -42) AS DATE)
                              )
                            END
                          ) AS c
                        FROM `visits` AS t15
                        WHERE
                          COALESCE(`t15`.`child_id`, `t15`.`child_id`) = (
                            `s`.`e3`
                          )
                      ) AS q16
                    )
                  END
                )
                OR (
                  (
                    (
                      (
                        `s`.`placement_long_term`
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
                                `s`.`placement_basis`
                              ) IS NULL
                            )
                          )
                          AND (
                            CASE
                              WHEN (
                                `s`.`placement_basis`
                              ) IS NULL
                              THEN NULL
                              ELSE (
                                `s`.`placement_basis`
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
                                    `s`.`legal_status`
                                  ) IS NULL
                                )
                              )
                              AND (
                                NOT (
                                  (
                                    `s`.`placement_type`
                                  ) IS NULL
                                )
                              )
                            )
                            AND (
                              (
                                `s`.`legal_status`
                              ) = (
                                'C1'
                              )
                            )
                          )
                          AND (
                            (
                              `s`.`placement_type`
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
                        `s`.`e2`
                      ) IS NULL
                      THEN NULL
                      ELSE (
                        SELECT
                          CASE
                            WHEN COUNT(CASE WHEN `q20`.`c` THEN 1 END) > 0
                            THEN TRUE
                            WHEN COUNT(CASE WHEN (
                              `q20`.`c`
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
                                    `t19`.`type`
                                  ) = (
                                    'lac'
                                  )
                                )
                                AND (
                                  (
                                    `t19`.`date`
                                  ) >= (
                                    `s`.`start_date`
                                  )
                                )
                              )
                              AND (
                                (
                                  `t19`.`date`
                                ) >= (
                                  CAST(ADD_MONTHS(`s`.`placement_start_date`, 12) AS DATE)
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
                                    `t19`.`date`
                                  ) IS NULL
                                )
                                THEN NULL
                                WHEN (
                                  `t19`.`date`
                                ) > (
                                  CAST('2025-03-31' AS DATE)
                                )
                                THEN FALSE
                                ELSE (
                                  `t19`.`date`
                                ) >= (
                                  CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -3) AS DATE)
                                )
                              END
                            ) AS c
                          FROM `visits` AS t19
                          WHERE
                            COALESCE(`t19`.`child_id`, `t19`.`child_id`) = (
                              `s`.`e3`
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
      ) AS `e4`,
      CASE
        WHEN (
          `s`.`e2`
        ) IS NULL
        THEN NULL
        WHEN (
          SELECT
            CASE
              WHEN COUNT(
                CASE
                  WHEN (
                    (
                      `q27`.`c`
                    ) OR (
                      (
                        `q27`.`c`
                      ) IS NULL
                    )
                  )
                  AND (
                    (
                      `q27`.`k`
                    ) IS NULL
                  )
                  THEN 1
                END
              ) > 0
              THEN FALSE
              WHEN COUNT(CASE WHEN `q27`.`c` THEN 1 END) = 0
              THEN FALSE
              WHEN MIN(CASE WHEN (
                `q27`.`c`
              ) IS NULL THEN `q27`.`k` END) <= MIN(CASE WHEN `q27`.`c` THEN `q27`.`k` END)
              THEN FALSE
              ELSE TRUE
            END AS ok
          FROM (
            SELECT
              (
                (
                  `t26`.`type`
                ) = (
                  'lac'
                )
              )
              AND (
                (
                  `t26`.`date`
                ) >= (
                  COALESCE(`s`.`placement_start_date`, `s`.`start_date`)
                )
              ) AS c,
              `t26`.`date` AS k
            FROM `visits` AS t26
            WHERE
              COALESCE(`t26`.`child_id`, `t26`.`child_id`) = (
                `s`.`e3`
              )
          ) AS q27
        )
        THEN (
          SELECT
            `t26`.`_row` AS v
          FROM `visits` AS t26
          WHERE
            COALESCE(`t26`.`child_id`, `t26`.`child_id`) = (
              `s`.`e3`
            )
            AND (
              (
                (
                  `t26`.`type`
                ) = (
                  'lac'
                )
              )
              AND (
                (
                  `t26`.`date`
                ) >= (
                  COALESCE(`s`.`placement_start_date`, `s`.`start_date`)
                )
              )
            )
          ORDER BY
            (
              `t26`.`date`
            ) ASC NULLS LAST,
            (
              `t26`.`_row`
            ) NULLS LAST
          LIMIT 1
        )
        ELSE NULL
      END AS `e6`
    FROM (
      SELECT
        s.*,
        COALESCE(`s`.`placement_start_date`, `s`.`start_date`) AS `e1`,
        `j2`.`_row` AS `e2`,
        `j2`.`child_id` AS `e3`,
        (
          (
            (
              `s`.`start_date`
            ) <= (
              CAST(DATE_ADD(CAST('2025-03-31' AS DATE), -7) AS DATE)
            )
          )
          AND (
            (
              (
                `s`.`end_date`
              ) IS NULL
            )
            OR (
              (
                `s`.`end_date`
              ) > (
                CAST('2025-03-31' AS DATE)
              )
            )
          )
        )
        AND (
          (
            (
              `s`.`legal_status`
            ) IS NULL
          )
          OR (
            NOT (
              CASE
                WHEN (
                  `s`.`legal_status`
                ) IS NULL
                THEN NULL
                ELSE (
                  `s`.`legal_status`
                ) IN ('V3', 'V4')
              END
            )
          )
        ) AS `e5`
      FROM `care_periods` AS s
      LEFT JOIN `children` AS j2
        ON `j2`.`child_id` = (
          `s`.`child_id`
        )
    ) AS s
  ) AS s
  LEFT JOIN `visits` AS j28
    ON `j28`.`_row` = (
      `s`.`e6`
    )
) AS s
ORDER BY
  `s`.`_row`;

-- LAC-HEALTH-TIMELY: Children in care have an up-to-date health assessment
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e6`
    )
    THEN CASE
      WHEN (
        `s`.`e4`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e4`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e6`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e6` AS `_when`,
  CASE
    WHEN (
      (
        `s`.`e1`
      ) IS NULL
    )
    OR (
      EXISTS(
        SELECT
          1
        FROM `health_assessments` AS t9
        WHERE
          COALESCE(`t9`.`child_id`, `t9`.`child_id`) = (
            `s`.`e2`
          )
          AND (
            (
              `t9`.`date`
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          ) IS NULL
      )
    )
    THEN NULL
    ELSE (
      SELECT
        CASE WHEN COUNT(*) = COUNT(`q10`.`v`) THEN MAX(`q10`.`v`) ELSE NULL END
      FROM (
        SELECT
          `t9`.`date` AS v
        FROM `health_assessments` AS t9
        WHERE
          (
            COALESCE(`t9`.`child_id`, `t9`.`child_id`) = (
              `s`.`e2`
            )
          )
          AND (
            (
              `t9`.`date`
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
      ) AS q10
    )
  END AS `r_fail_1`,
  CASE
    WHEN (
      (
        `s`.`e3`
      ) IS NULL
    )
    OR (
      (
        CAST('2025-03-31' AS DATE)
      ) IS NULL
    )
    THEN NULL
    ELSE (
      YEAR(CAST('2025-03-31' AS DATE)) - YEAR(`s`.`e3`)
    ) - CASE
      WHEN (
        MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
      ) < (
        MONTH(`s`.`e3`) * 100 + DAY(`s`.`e3`)
      )
      THEN 1
      ELSE 0
    END
  END AS `r_fail_3`,
  CAST('2025-03-31' AS DATE) AS `r_fail_5`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        `s`.`e1`
      ) IS NULL
      THEN NULL
      ELSE (
        SELECT
          CASE
            WHEN COUNT(CASE WHEN `q5`.`c` THEN 1 END) > 0
            THEN TRUE
            WHEN COUNT(CASE WHEN (
              `q5`.`c`
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
                    `t3`.`date`
                  ) IS NULL
                )
                THEN NULL
                WHEN (
                  `t3`.`date`
                ) > (
                  CAST('2025-03-31' AS DATE)
                )
                THEN FALSE
                ELSE (
                  `t3`.`date`
                ) >= (
                  CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE)
                )
              END
            )
            AND (
              (
                (
                  CASE
                    WHEN (
                      (
                        `s`.`e3`
                      ) IS NULL
                    )
                    OR (
                      (
                        CAST('2025-03-31' AS DATE)
                      ) IS NULL
                    )
                    THEN NULL
                    ELSE (
                      YEAR(CAST('2025-03-31' AS DATE)) - YEAR(`s`.`e3`)
                    ) - CASE
                      WHEN (
                        MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
                      ) < (
                        MONTH(`s`.`e3`) * 100 + DAY(`s`.`e3`)
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
                      `t3`.`date`
                    ) IS NULL
                  )
                  THEN NULL
                  WHEN (
                    `t3`.`date`
                  ) > (
                    CAST('2025-03-31' AS DATE)
                  )
                  THEN FALSE
                  ELSE (
                    `t3`.`date`
                  ) >= (
                    CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -6) AS DATE)
                  )
                END
              )
            ) AS c
          FROM `health_assessments` AS t3
          WHERE
            COALESCE(`t3`.`child_id`, `t3`.`child_id`) = (
              `s`.`e2`
            )
        ) AS q5
      )
    END AS `e4`,
    (
      (
        (
          (
            8908
          ) - (
            `s`.`e5`
          )
        ) > (
          20
        )
      )
      AND (
        (
          (
            `s`.`end_date`
          ) IS NULL
        )
        OR (
          (
            `s`.`end_date`
          ) > (
            CAST('2025-03-31' AS DATE)
          )
        )
      )
    )
    AND (
      (
        (
          `s`.`legal_status`
        ) IS NULL
      )
      OR (
        NOT (
          CASE
            WHEN (
              `s`.`legal_status`
            ) IS NULL
            THEN NULL
            ELSE (
              `s`.`legal_status`
            ) IN ('V3', 'V4')
          END
        )
      )
    ) AS `e6`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`child_id` AS `e2`,
      `j2`.`date_of_birth` AS `e3`,
      (
        SELECT
          `c6`.`wd`
        FROM `cc_calendar` AS c6
        WHERE
          `c6`.`d` = (
            `s`.`start_date`
          )
      ) AS `e5`
    FROM `care_periods` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_id` = (
        `s`.`child_id`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- LAC-IHA-20WD: Children coming into care have an initial health assessment within 20 working days
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e8`
    )
    THEN CASE
      WHEN (
        `s`.`e4`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e4`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e8`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e8` AS `_when`,
  `s`.`start_date` AS `r_fail_1`,
  `s`.`e10` AS `r_fail_3`,
  (
    `s`.`e12`
  ) - (
    `s`.`e3`
  ) AS `r_fail_5`
FROM (
  SELECT
    s.*,
    (
      SELECT
        `c22`.`wd`
      FROM `cc_calendar` AS c22
      WHERE
        `c22`.`d` = (
          `s`.`e11`
        )
    ) AS `e12`
  FROM (
    SELECT
      s.*,
      (
        (
          (
            (
              `s`.`start_date`
            ) > (
              CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE)
            )
          )
          AND (
            (
              `s`.`start_date`
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
        )
        AND (
          (
            (
              `s`.`legal_status`
            ) IS NULL
          )
          OR (
            NOT (
              CASE
                WHEN (
                  `s`.`legal_status`
                ) IS NULL
                THEN NULL
                ELSE (
                  `s`.`legal_status`
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
              `s`.`e1`
            ) IS NULL
            THEN NULL
            ELSE (
              SELECT
                CASE
                  WHEN COUNT(CASE WHEN `q10`.`c` THEN 1 END) > 0
                  THEN TRUE
                  WHEN COUNT(CASE WHEN (
                    `q10`.`c`
                  ) IS NULL THEN 1 END) > 0
                  THEN NULL
                  ELSE FALSE
                END
              FROM (
                SELECT
                  (
                    (
                      `t9`.`type`
                    ) = (
                      'initial'
                    )
                  )
                  AND (
                    CASE
                      WHEN (
                        (
                          `t9`.`date`
                        ) IS NULL
                      )
                      OR (
                        (
                          `s`.`start_date`
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
                          `t9`.`date`
                        ) >= (
                          `s`.`start_date`
                        )
                      )
                      AND (
                        (
                          `t9`.`date`
                        ) <= (
                          CAST('2025-03-31' AS DATE)
                        )
                      )
                    END
                  ) AS c
                FROM `health_assessments` AS t9
                WHERE
                  COALESCE(`t9`.`child_id`, `t9`.`child_id`) = (
                    `s`.`e2`
                  )
              ) AS q10
            )
          END
        )
        OR (
          (
            (
              `s`.`e7`
            ) - (
              `s`.`e3`
            )
          ) > (
            20
          )
        )
      ) AS `e8`,
      COALESCE(
        `s`.`e10`,
        CASE
          WHEN (
            (
              `s`.`e5`
            ) IS NULL
          )
          OR (
            (
              CAST('2025-03-31' AS DATE)
            ) IS NULL
          )
          THEN NULL
          ELSE LEAST(`s`.`e5`, CAST('2025-03-31' AS DATE))
        END
      ) AS `e11`
    FROM (
      SELECT
        s.*,
        (
          SELECT
            `c12`.`wd`
          FROM `cc_calendar` AS c12
          WHERE
            `c12`.`d` = (
              `s`.`e6`
            )
        ) AS `e7`,
        `j17`.`date` AS `e10`
      FROM (
        SELECT
          s.*,
          CASE
            WHEN (
              `s`.`e1`
            ) IS NULL
            THEN NULL
            ELSE (
              SELECT
                CASE
                  WHEN COUNT(CASE WHEN `q6`.`c` THEN 1 END) > 0
                  THEN TRUE
                  WHEN COUNT(CASE WHEN (
                    `q6`.`c`
                  ) IS NULL THEN 1 END) > 0
                  THEN NULL
                  ELSE FALSE
                END
              FROM (
                SELECT
                  (
                    (
                      `t3`.`type`
                    ) = (
                      'initial'
                    )
                  )
                  AND (
                    CASE
                      WHEN (
                        (
                          `s`.`start_date`
                        ) IS NULL
                      ) OR (
                        (
                          `t3`.`date`
                        ) IS NULL
                      )
                      THEN NULL
                      WHEN (
                        `t3`.`date`
                      ) < (
                        `s`.`start_date`
                      )
                      THEN FALSE
                      ELSE (
                        (
                          SELECT
                            `c4`.`wd`
                          FROM `cc_calendar` AS c4
                          WHERE
                            `c4`.`d` = (
                              `t3`.`date`
                            )
                        ) - `s`.`e3`
                      ) <= 20
                    END
                  ) AS c
                FROM `health_assessments` AS t3
                WHERE
                  COALESCE(`t3`.`child_id`, `t3`.`child_id`) = (
                    `s`.`e2`
                  )
              ) AS q6
            )
          END AS `e4`,
          CASE
            WHEN (
              (
                `s`.`e5`
              ) IS NULL
            )
            OR (
              (
                CAST('2025-03-31' AS DATE)
              ) IS NULL
            )
            THEN NULL
            ELSE LEAST(`s`.`e5`, CAST('2025-03-31' AS DATE))
          END AS `e6`,
          CASE
            WHEN (
              `s`.`e1`
            ) IS NULL
            THEN NULL
            WHEN (
              SELECT
                CASE
                  WHEN COUNT(
                    CASE
                      WHEN (
                        (
                          `q16`.`c`
                        ) OR (
                          (
                            `q16`.`c`
                          ) IS NULL
                        )
                      )
                      AND (
                        (
                          `q16`.`k`
                        ) IS NULL
                      )
                      THEN 1
                    END
                  ) > 0
                  THEN FALSE
                  WHEN COUNT(CASE WHEN `q16`.`c` THEN 1 END) = 0
                  THEN FALSE
                  WHEN MIN(CASE WHEN (
                    `q16`.`c`
                  ) IS NULL THEN `q16`.`k` END) <= MIN(CASE WHEN `q16`.`c` THEN `q16`.`k` END)
                  THEN FALSE
                  ELSE TRUE
                END AS ok
              FROM (
                SELECT
                  (
                    (
                      `t15`.`type`
                    ) = (
                      'initial'
                    )
                  )
                  AND (
                    (
                      `t15`.`date`
                    ) >= (
                      `s`.`start_date`
                    )
                  ) AS c,
                  `t15`.`date` AS k
                FROM `health_assessments` AS t15
                WHERE
                  COALESCE(`t15`.`child_id`, `t15`.`child_id`) = (
                    `s`.`e2`
                  )
              ) AS q16
            )
            THEN (
              SELECT
                `t15`.`_row` AS v
              FROM `health_assessments` AS t15
              WHERE
                COALESCE(`t15`.`child_id`, `t15`.`child_id`) = (
                  `s`.`e2`
                )
                AND (
                  (
                    (
                      `t15`.`type`
                    ) = (
                      'initial'
                    )
                  )
                  AND (
                    (
                      `t15`.`date`
                    ) >= (
                      `s`.`start_date`
                    )
                  )
                )
              ORDER BY
                (
                  `t15`.`date`
                ) ASC NULLS LAST,
                (
                  `t15`.`_row`
                ) NULLS LAST
              LIMIT 1
            )
            ELSE NULL
          END AS `e9`
        FROM (
          SELECT
            s.*,
            `j2`.`_row` AS `e1`,
            `j2`.`child_id` AS `e2`,
            (
              SELECT
                `c5`.`wd`
              FROM `cc_calendar` AS c5
              WHERE
                `c5`.`d` = (
                  `s`.`start_date`
                )
            ) AS `e3`,
            COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE)) AS `e5`
          FROM `care_periods` AS s
          LEFT JOIN `children` AS j2
            ON `j2`.`child_id` = (
              `s`.`child_id`
            )
        ) AS s
      ) AS s
      LEFT JOIN `health_assessments` AS j17
        ON `j17`.`_row` = (
          `s`.`e9`
        )
    ) AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- LAC-PEP-TERMLY: School-age children in care have a current personal education plan
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e7`
    )
    THEN CASE
      WHEN (
        `s`.`e3`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e3`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e7`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e7` AS `_when`,
  CASE
    WHEN (
      (
        `s`.`e1`
      ) IS NULL
    )
    OR (
      EXISTS(
        SELECT
          1
        FROM `peps` AS t9
        WHERE
          COALESCE(`t9`.`child_id`, `t9`.`child_id`) = (
            `s`.`e2`
          )
          AND (
            (
              `t9`.`date`
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          ) IS NULL
      )
    )
    THEN NULL
    ELSE (
      SELECT
        CASE WHEN COUNT(*) = COUNT(`q10`.`v`) THEN MAX(`q10`.`v`) ELSE NULL END
      FROM (
        SELECT
          `t9`.`date` AS v
        FROM `peps` AS t9
        WHERE
          (
            COALESCE(`t9`.`child_id`, `t9`.`child_id`) = (
              `s`.`e2`
            )
          )
          AND (
            (
              `t9`.`date`
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
      ) AS q10
    )
  END AS `r_fail_1`,
  CAST('2025-03-31' AS DATE) AS `r_fail_5`,
  CASE
    WHEN (
      (
        `s`.`e5`
      ) IS NULL
    )
    OR (
      (
        CAST('2025-03-31' AS DATE)
      ) IS NULL
    )
    THEN NULL
    ELSE (
      YEAR(CAST('2025-03-31' AS DATE)) - YEAR(`s`.`e5`)
    ) - CASE
      WHEN (
        MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
      ) < (
        MONTH(`s`.`e5`) * 100 + DAY(`s`.`e5`)
      )
      THEN 1
      ELSE 0
    END
  END AS `r_fail_7`
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
              `s`.`e4`
            )
          ) > (
            20
          )
        )
        AND (
          (
            (
              `s`.`end_date`
            ) IS NULL
          )
          OR (
            (
              `s`.`end_date`
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
              `s`.`e6`
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
              `s`.`e6`
            ) >= (
              5
            )
          )
          AND (
            (
              `s`.`e6`
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
          `s`.`legal_status`
        ) IS NULL
      )
      OR (
        NOT (
          CASE
            WHEN (
              `s`.`legal_status`
            ) IS NULL
            THEN NULL
            ELSE (
              `s`.`legal_status`
            ) IN ('V3', 'V4')
          END
        )
      )
    ) AS `e7`
  FROM (
    SELECT
      s.*,
      CASE
        WHEN (
          `s`.`e1`
        ) IS NULL
        THEN NULL
        ELSE (
          SELECT
            CASE
              WHEN COUNT(CASE WHEN `q4`.`c` THEN 1 END) > 0
              THEN TRUE
              WHEN COUNT(CASE WHEN (
                `q4`.`c`
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
                    `t3`.`date`
                  ) IS NULL
                )
                THEN NULL
                WHEN (
                  `t3`.`date`
                ) > (
                  CAST('2025-03-31' AS DATE)
                )
                THEN FALSE
                ELSE (
                  `t3`.`date`
                ) >= (
                  CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -4) AS DATE)
                )
              END AS c
            FROM `peps` AS t3
            WHERE
              COALESCE(`t3`.`child_id`, `t3`.`child_id`) = (
                `s`.`e2`
              )
          ) AS q4
        )
      END AS `e3`,
      CASE
        WHEN (
          (
            `s`.`e5`
          ) IS NULL
        )
        OR (
          (
            CAST('2025-03-31' AS DATE)
          ) IS NULL
        )
        THEN NULL
        ELSE (
          YEAR(CAST('2025-03-31' AS DATE)) - YEAR(`s`.`e5`)
        ) - CASE
          WHEN (
            MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
          ) < (
            MONTH(`s`.`e5`) * 100 + DAY(`s`.`e5`)
          )
          THEN 1
          ELSE 0
        END
      END AS `e6`
    FROM (
      SELECT
        s.*,
        `j2`.`_row` AS `e1`,
        `j2`.`child_id` AS `e2`,
        (
          SELECT
            `c5`.`wd`
          FROM `cc_calendar` AS c5
          WHERE
            `c5`.`d` = (
              `s`.`start_date`
            )
        ) AS `e4`,
        `j2`.`date_of_birth` AS `e5`
      FROM `care_periods` AS s
      LEFT JOIN `children` AS j2
        ON `j2`.`child_id` = (
          `s`.`child_id`
        )
    ) AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- LAC-PLACEMENT-STABILITY: Children in care with three or more placements in the last 12 months
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`placements_last_12_months` AS `r_fail_0`,
  CAST('2025-03-31' AS DATE) AS `r_fail_2`
FROM (
  SELECT
    s.*,
    (
      `s`.`placements_last_12_months`
    ) <= (
      2
    ) AS `e1`,
    (
      (
        (
          `s`.`start_date`
        ) <= (
          CAST('2025-03-31' AS DATE)
        )
      )
      AND (
        (
          (
            `s`.`end_date`
          ) IS NULL
        )
        OR (
          (
            `s`.`end_date`
          ) > (
            CAST('2025-03-31' AS DATE)
          )
        )
      )
    )
    AND (
      (
        (
          `s`.`legal_status`
        ) IS NULL
      )
      OR (
        NOT (
          CASE
            WHEN (
              `s`.`legal_status`
            ) IS NULL
            THEN NULL
            ELSE (
              `s`.`legal_status`
            ) IN ('V3', 'V4')
          END
        )
      )
    ) AS `e2`
  FROM `care_periods` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- LAC-REVIEW-PARTICIPATION: Children in care take part in their reviews
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e4`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e4`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e4` AS `_when`,
  `s`.`date` AS `r_fail_1`,
  CASE
    WHEN (
      (
        `s`.`e3`
      ) IS NULL
    ) OR (
      (
        `s`.`date`
      ) IS NULL
    )
    THEN NULL
    ELSE (
      YEAR(`s`.`date`) - YEAR(`s`.`e3`)
    ) - CASE
      WHEN (
        MONTH(`s`.`date`) * 100 + DAY(`s`.`date`)
      ) < (
        MONTH(`s`.`e3`) * 100 + DAY(`s`.`e3`)
      )
      THEN 1
      ELSE 0
    END
  END AS `r_fail_3`,
  `s`.`date` AS `r_not_applicable_1`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_3`,
  CASE
    WHEN (
      (
        `s`.`e3`
      ) IS NULL
    ) OR (
      (
        `s`.`date`
      ) IS NULL
    )
    THEN NULL
    ELSE (
      YEAR(`s`.`date`) - YEAR(`s`.`e3`)
    ) - CASE
      WHEN (
        MONTH(`s`.`date`) * 100 + DAY(`s`.`date`)
      ) < (
        MONTH(`s`.`e3`) * 100 + DAY(`s`.`e3`)
      )
      THEN 1
      ELSE 0
    END
  END AS `r_not_applicable_5`,
  `s`.`date` AS `r_not_evidenced_1`,
  `s`.`child_participated` AS `r_not_evidenced_3`,
  CASE
    WHEN (
      (
        `s`.`e3`
      ) IS NULL
    ) OR (
      (
        `s`.`date`
      ) IS NULL
    )
    THEN NULL
    ELSE (
      YEAR(`s`.`date`) - YEAR(`s`.`e3`)
    ) - CASE
      WHEN (
        MONTH(`s`.`date`) * 100 + DAY(`s`.`date`)
      ) < (
        MONTH(`s`.`e3`) * 100 + DAY(`s`.`e3`)
      )
      THEN 1
      ELSE 0
    END
  END AS `r_not_evidenced_5`,
  `s`.`child_id` AS `r_not_evidenced_7`,
  `s`.`date` AS `r_pass_1`,
  CASE
    WHEN (
      (
        `s`.`e3`
      ) IS NULL
    ) OR (
      (
        `s`.`date`
      ) IS NULL
    )
    THEN NULL
    ELSE (
      YEAR(`s`.`date`) - YEAR(`s`.`e3`)
    ) - CASE
      WHEN (
        MONTH(`s`.`date`) * 100 + DAY(`s`.`date`)
      ) < (
        MONTH(`s`.`e3`) * 100 + DAY(`s`.`e3`)
      )
      THEN 1
      ELSE 0
    END
  END AS `r_pass_3`
FROM (
  SELECT
    s.*,
    (
      CASE
        WHEN (
          (
            `s`.`date`
          ) IS NULL
        )
        OR (
          (
            CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
            `s`.`date`
          ) >= (
            CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
          )
        )
        AND (
          (
            `s`.`date`
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
              `s`.`e3`
            ) IS NULL
          ) OR (
            (
              `s`.`date`
            ) IS NULL
          )
          THEN NULL
          ELSE (
            YEAR(`s`.`date`) - YEAR(`s`.`e3`)
          ) - CASE
            WHEN (
              MONTH(`s`.`date`) * 100 + DAY(`s`.`date`)
            ) < (
              MONTH(`s`.`e3`) * 100 + DAY(`s`.`e3`)
            )
            THEN 1
            ELSE 0
          END
        END
      ) >= (
        4
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      (
        `s`.`child_participated`
      ) = (
        TRUE
      ) AS `e1`,
      `j2`.`_row` AS `e2`,
      `j2`.`date_of_birth` AS `e3`
    FROM `lac_reviews` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_id` = (
        `s`.`child_id`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- LAC-SEEN-ALONE: Children in care were seen alone at their latest statutory visit
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e7`
    )
    THEN CASE
      WHEN (
        `s`.`e5`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e5`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e7`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e7` AS `_when`,
  `s`.`e8` AS `r_fail_1`,
  `s`.`e9` AS `r_fail_3`,
  `s`.`start_date` AS `r_not_applicable_1`,
  `s`.`end_date` AS `r_not_applicable_3`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_5`,
  CASE
    WHEN (
      (
        `s`.`e6`
      ) IS NULL
    )
    OR (
      (
        CAST('2025-03-31' AS DATE)
      ) IS NULL
    )
    THEN NULL
    ELSE (
      YEAR(CAST('2025-03-31' AS DATE)) - YEAR(`s`.`e6`)
    ) - CASE
      WHEN (
        MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
      ) < (
        MONTH(`s`.`e6`) * 100 + DAY(`s`.`e6`)
      )
      THEN 1
      ELSE 0
    END
  END AS `r_not_applicable_7`,
  `s`.`e8` AS `r_not_evidenced_1`,
  `s`.`e8` AS `r_pass_1`
FROM (
  SELECT
    s.*,
    (
      `s`.`e4`
    ) = (
      TRUE
    ) AS `e5`
  FROM (
    SELECT
      s.*,
      `j5`.`seen_alone` AS `e4`,
      `j5`.`date` AS `e8`,
      `j5`.`seen` AS `e9`
    FROM (
      SELECT
        s.*,
        CASE
          WHEN (
            `s`.`e1`
          ) IS NULL
          THEN NULL
          WHEN (
            SELECT
              CASE
                WHEN COUNT(
                  CASE
                    WHEN (
                      (
                        `q4`.`c`
                      ) OR (
                        (
                          `q4`.`c`
                        ) IS NULL
                      )
                    )
                    AND (
                      (
                        `q4`.`k`
                      ) IS NULL
                    )
                    THEN 1
                  END
                ) > 0
                THEN FALSE
                WHEN COUNT(CASE WHEN `q4`.`c` THEN 1 END) = 0
                THEN FALSE
                WHEN MAX(CASE WHEN (
                  `q4`.`c`
                ) IS NULL THEN `q4`.`k` END) >= MAX(CASE WHEN `q4`.`c` THEN `q4`.`k` END)
                THEN FALSE
                ELSE TRUE
              END AS ok
            FROM (
              SELECT
                (
                  (
                    (
                      `t3`.`type`
                    ) = (
                      'lac'
                    )
                  )
                  AND (
                    (
                      `t3`.`date`
                    ) >= (
                      `s`.`start_date`
                    )
                  )
                )
                AND (
                  (
                    `t3`.`date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                ) AS c,
                `t3`.`date` AS k
              FROM `visits` AS t3
              WHERE
                COALESCE(`t3`.`child_id`, `t3`.`child_id`) = (
                  `s`.`e2`
                )
            ) AS q4
          )
          THEN (
            SELECT
              `t3`.`_row` AS v
            FROM `visits` AS t3
            WHERE
              COALESCE(`t3`.`child_id`, `t3`.`child_id`) = (
                `s`.`e2`
              )
              AND (
                (
                  (
                    (
                      `t3`.`type`
                    ) = (
                      'lac'
                    )
                  )
                  AND (
                    (
                      `t3`.`date`
                    ) >= (
                      `s`.`start_date`
                    )
                  )
                )
                AND (
                  (
                    `t3`.`date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              )
            ORDER BY
              (
                `t3`.`date`
              ) DESC,
              (
                `t3`.`_row`
              ) NULLS LAST
            LIMIT 1
          )
          ELSE NULL
        END AS `e3`,
        (
          (
            (
              (
                `s`.`start_date`
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
            AND (
              (
                (
                  `s`.`end_date`
                ) IS NULL
              )
              OR (
                (
                  `s`.`end_date`
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
                    `s`.`e6`
                  ) IS NULL
                )
                OR (
                  (
                    CAST('2025-03-31' AS DATE)
                  ) IS NULL
                )
                THEN NULL
                ELSE (
                  YEAR(CAST('2025-03-31' AS DATE)) - YEAR(`s`.`e6`)
                ) - CASE
                  WHEN (
                    MONTH(CAST('2025-03-31' AS DATE)) * 100 + DAY(CAST('2025-03-31' AS DATE))
                  ) < (
                    MONTH(`s`.`e6`) * 100 + DAY(`s`.`e6`)
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
              `s`.`start_date`
            ) <= (
              CAST(DATE_ADD(CAST('2025-03-31' AS DATE), -7) AS DATE)
            )
          )
          OR (
            CASE
              WHEN (
                `s`.`e1`
              ) IS NULL
              THEN NULL
              ELSE (
                SELECT
                  CASE
                    WHEN COUNT(CASE WHEN `q9`.`c` THEN 1 END) > 0
                    THEN TRUE
                    WHEN COUNT(CASE WHEN (
                      `q9`.`c`
                    ) IS NULL THEN 1 END) > 0
                    THEN NULL
                    ELSE FALSE
                  END
                FROM (
                  SELECT
                    (
                      (
                        `t8`.`type`
                      ) = (
                        'lac'
                      )
                    )
                    AND (
                      CASE
                        WHEN (
                          (
                            `t8`.`date`
                          ) IS NULL
                        )
                        OR (
                          (
                            `s`.`start_date`
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
                            `t8`.`date`
                          ) >= (
                            `s`.`start_date`
                          )
                        )
                        AND (
                          (
                            `t8`.`date`
                          ) <= (
                            CAST('2025-03-31' AS DATE)
                          )
                        )
                      END
                    ) AS c
                  FROM `visits` AS t8
                  WHERE
                    COALESCE(`t8`.`child_id`, `t8`.`child_id`) = (
                      `s`.`e2`
                    )
                ) AS q9
              )
            END
          )
        ) AS `e7`
      FROM (
        SELECT
          s.*,
          `j2`.`_row` AS `e1`,
          `j2`.`child_id` AS `e2`,
          `j2`.`date_of_birth` AS `e6`
        FROM `care_periods` AS s
        LEFT JOIN `children` AS j2
          ON `j2`.`child_id` = (
            `s`.`child_id`
          )
      ) AS s
    ) AS s
    LEFT JOIN `visits` AS j5
      ON `j5`.`_row` = (
        `s`.`e3`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- LAC-QUALIFIED-WORKER: Children in care have a qualified social worker
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e5`
    )
    THEN CASE
      WHEN (
        `s`.`e4`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e4`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e5`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e5` AS `_when`,
  `s`.`start_date` AS `r_fail_1`,
  `s`.`worker_id` AS `r_fail_3`,
  `s`.`e6` AS `r_fail_5`,
  `s`.`e2` AS `r_fail_7`,
  `s`.`e3` AS `r_fail_9`,
  CAST('2025-03-31' AS DATE) AS `r_fail_11`,
  `s`.`start_date` AS `r_not_applicable_1`,
  `s`.`end_date` AS `r_not_applicable_3`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_5`,
  `s`.`start_date` AS `r_not_evidenced_1`,
  `s`.`worker_id` AS `r_not_evidenced_3`,
  `s`.`e2` AS `r_not_evidenced_5`,
  `s`.`start_date` AS `r_pass_1`,
  `s`.`worker_id` AS `r_pass_3`,
  `s`.`e6` AS `r_pass_5`
FROM (
  SELECT
    s.*,
    (
      (
        `s`.`e2`
      ) = (
        TRUE
      )
    )
    AND (
      (
        (
          `s`.`e3`
        ) IS NULL
      )
      OR (
        (
          `s`.`e3`
        ) > (
          CAST('2025-03-31' AS DATE)
        )
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`qualified` AS `e2`,
      `j2`.`end_date` AS `e3`,
      (
        (
          `s`.`start_date`
        ) <= (
          CAST('2025-03-31' AS DATE)
        )
      )
      AND (
        (
          (
            `s`.`end_date`
          ) IS NULL
        )
        OR (
          (
            `s`.`end_date`
          ) > (
            CAST('2025-03-31' AS DATE)
          )
        )
      ) AS `e5`,
      `j2`.`role` AS `e6`
    FROM `care_periods` AS s
    LEFT JOIN `social_workers` AS j2
      ON `j2`.`worker_id` = (
        `s`.`worker_id`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- LAC-CARE-PLAN-10WD: A care plan is in place within 10 working days of the first placement
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e7`
    )
    THEN CASE
      WHEN (
        `s`.`e3`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e3`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e7`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e7` AS `_when`,
  `s`.`start_date` AS `r_fail_1`,
  `s`.`care_plan_date` AS `r_fail_3`,
  (
    `s`.`e8`
  ) - (
    `s`.`e1`
  ) AS `r_fail_5`,
  `s`.`start_date` AS `r_not_applicable_1`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_3`,
  `s`.`start_date` AS `r_not_evidenced_1`,
  `s`.`start_date` AS `r_pass_1`,
  `s`.`care_plan_date` AS `r_pass_3`
FROM (
  SELECT
    s.*,
    (
      CASE
        WHEN (
          (
            `s`.`start_date`
          ) IS NULL
        )
        OR (
          (
            CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
            `s`.`start_date`
          ) >= (
            CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
          )
        )
        AND (
          (
            `s`.`start_date`
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
            `s`.`care_plan_date`
          ) IS NULL
        )
      )
      OR (
        (
          (
            `s`.`e6`
          ) - (
            `s`.`e1`
          )
        ) > (
          10
        )
      )
    ) AS `e7`
  FROM (
    SELECT
      s.*,
      (
        `s`.`care_plan_date`
      ) <= (
        `s`.`e2`
      ) AS `e3`,
      (
        SELECT
          `c4`.`wd`
        FROM `cc_calendar` AS c4
        WHERE
          `c4`.`d` = (
            `s`.`e5`
          )
      ) AS `e6`
    FROM (
      SELECT
        s.*,
        (
          SELECT
            `c2`.`d`
          FROM `cc_calendar` AS c2
          WHERE
            (
              `c2`.`is_wd`
            ) AND (
              `c2`.`wd` = (
                (
                  `s`.`e1`
                ) + 10
              )
            )
        ) AS `e2`,
        CASE
          WHEN (
            (
              `s`.`e4`
            ) IS NULL
          )
          OR (
            (
              CAST('2025-03-31' AS DATE)
            ) IS NULL
          )
          THEN NULL
          ELSE LEAST(`s`.`e4`, CAST('2025-03-31' AS DATE))
        END AS `e5`
      FROM (
        SELECT
          s.*,
          (
            SELECT
              `c1`.`wd`
            FROM `cc_calendar` AS c1
            WHERE
              `c1`.`d` = (
                `s`.`start_date`
              )
          ) AS `e1`,
          COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE)) AS `e4`,
          (
            SELECT
              `c5`.`wd`
            FROM `cc_calendar` AS c5
            WHERE
              `c5`.`d` = (
                `s`.`care_plan_date`
              )
          ) AS `e8`
        FROM `care_periods` AS s
      ) AS s
    ) AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- LAC-PLACEMENT-VISIT-1W: Children in care are visited within a week of every placement start
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e6`
    )
    THEN CASE
      WHEN (
        `s`.`e3`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e3`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e6`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e6` AS `_when`,
  `s`.`start_date` AS `r_fail_1`,
  `s`.`e8` AS `r_fail_3`,
  CAST(DATE_ADD(`s`.`start_date`, 7) AS DATE) AS `r_fail_5`,
  `s`.`start_date` AS `r_not_applicable_1`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_3`,
  `s`.`e5` AS `r_not_applicable_5`,
  `s`.`start_date` AS `r_pass_1`,
  `s`.`e8` AS `r_pass_3`
FROM (
  SELECT
    s.*,
    `j12`.`date` AS `e8`
  FROM (
    SELECT
      s.*,
      CASE
        WHEN (
          `s`.`e1`
        ) IS NULL
        THEN NULL
        ELSE (
          SELECT
            CASE
              WHEN COUNT(CASE WHEN `q4`.`c` THEN 1 END) > 0
              THEN TRUE
              WHEN COUNT(CASE WHEN (
                `q4`.`c`
              ) IS NULL THEN 1 END) > 0
              THEN NULL
              ELSE FALSE
            END
          FROM (
            SELECT
              (
                (
                  `t3`.`type`
                ) = (
                  'lac'
                )
              )
              AND (
                CASE
                  WHEN (
                    (
                      `t3`.`date`
                    ) IS NULL
                  )
                  OR (
                    (
                      `s`.`start_date`
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST(DATE_ADD(`s`.`start_date`, 7) AS DATE)
                    ) IS NULL
                  )
                  THEN NULL
                  ELSE (
                    (
                      `t3`.`date`
                    ) >= (
                      `s`.`start_date`
                    )
                  )
                  AND (
                    (
                      `t3`.`date`
                    ) <= (
                      CAST(DATE_ADD(`s`.`start_date`, 7) AS DATE)
                    )
                  )
                END
              ) AS c
            FROM `visits` AS t3
            WHERE
              COALESCE(`t3`.`child_id`, `t3`.`child_id`) = (
                `s`.`e2`
              )
          ) AS q4
        )
      END AS `e3`,
      (
        CASE
          WHEN (
            (
              `s`.`start_date`
            ) IS NULL
          )
          OR (
            (
              CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
            ) IS NULL
          )
          OR (
            (
              CAST(DATE_ADD(CAST('2025-03-31' AS DATE), -7) AS DATE)
            ) IS NULL
          )
          THEN NULL
          ELSE (
            (
              `s`.`start_date`
            ) >= (
              CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
            )
          )
          AND (
            (
              `s`.`start_date`
            ) <= (
              CAST(DATE_ADD(CAST('2025-03-31' AS DATE), -7) AS DATE)
            )
          )
        END
      )
      AND (
        (
          (
            `s`.`e5`
          ) IS NULL
        )
        OR (
          NOT (
            CASE WHEN (
              `s`.`e5`
            ) IS NULL THEN NULL ELSE (
              `s`.`e5`
            ) IN ('V3', 'V4') END
          )
        )
      ) AS `e6`,
      CASE
        WHEN (
          `s`.`e1`
        ) IS NULL
        THEN NULL
        WHEN (
          SELECT
            CASE
              WHEN COUNT(
                CASE
                  WHEN (
                    (
                      `q11`.`c`
                    ) OR (
                      (
                        `q11`.`c`
                      ) IS NULL
                    )
                  )
                  AND (
                    (
                      `q11`.`k`
                    ) IS NULL
                  )
                  THEN 1
                END
              ) > 0
              THEN FALSE
              WHEN COUNT(CASE WHEN `q11`.`c` THEN 1 END) = 0
              THEN FALSE
              WHEN MIN(CASE WHEN (
                `q11`.`c`
              ) IS NULL THEN `q11`.`k` END) <= MIN(CASE WHEN `q11`.`c` THEN `q11`.`k` END)
              THEN FALSE
              ELSE TRUE
            END AS ok
          FROM (
            SELECT
              (
                (
                  `t10`.`type`
                ) = (
                  'lac'
                )
              )
              AND (
                (
                  `t10`.`date`
                ) >= (
                  `s`.`start_date`
                )
              ) AS c,
              `t10`.`date` AS k
            FROM `visits` AS t10
            WHERE
              COALESCE(`t10`.`child_id`, `t10`.`child_id`) = (
                `s`.`e2`
              )
          ) AS q11
        )
        THEN (
          SELECT
            `t10`.`_row` AS v
          FROM `visits` AS t10
          WHERE
            COALESCE(`t10`.`child_id`, `t10`.`child_id`) = (
              `s`.`e2`
            )
            AND (
              (
                (
                  `t10`.`type`
                ) = (
                  'lac'
                )
              )
              AND (
                (
                  `t10`.`date`
                ) >= (
                  `s`.`start_date`
                )
              )
            )
          ORDER BY
            (
              `t10`.`date`
            ) ASC NULLS LAST,
            (
              `t10`.`_row`
            ) NULLS LAST
          LIMIT 1
        )
        ELSE NULL
      END AS `e7`
    FROM (
      SELECT
        s.*,
        `j2`.`_row` AS `e1`,
        `j2`.`child_id` AS `e2`,
        `j6`.`_row` AS `e4`,
        `j6`.`legal_status` AS `e5`
      FROM `placements` AS s
      LEFT JOIN `children` AS j2
        ON `j2`.`child_id` = (
          `s`.`child_id`
        )
      LEFT JOIN `care_periods` AS j6
        ON `j6`.`period_id` = (
          `s`.`period_id`
        )
    ) AS s
  ) AS s
  LEFT JOIN `visits` AS j12
    ON `j12`.`_row` = (
      `s`.`e7`
    )
) AS s
ORDER BY
  `s`.`_row`;

-- LAC-IRO-CONTACT: The IRO spoke with the child before each review
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e10`
    )
    THEN CASE
      WHEN (
        `s`.`e8`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e8`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e10`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e10` AS `_when`,
  `s`.`date` AS `r_fail_1`,
  `s`.`e6` AS `r_fail_3`,
  `s`.`e7` AS `r_fail_5`,
  `s`.`e12` AS `r_fail_7`,
  `s`.`date` AS `r_not_applicable_1`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_3`,
  CASE
    WHEN (
      (
        `s`.`e9`
      ) IS NULL
    ) OR (
      (
        `s`.`date`
      ) IS NULL
    )
    THEN NULL
    ELSE (
      YEAR(`s`.`date`) - YEAR(`s`.`e9`)
    ) - CASE
      WHEN (
        MONTH(`s`.`date`) * 100 + DAY(`s`.`date`)
      ) < (
        MONTH(`s`.`e9`) * 100 + DAY(`s`.`e9`)
      )
      THEN 1
      ELSE 0
    END
  END AS `r_not_applicable_5`,
  `s`.`date` AS `r_not_evidenced_1`,
  `s`.`date` AS `r_pass_1`,
  `s`.`e12` AS `r_pass_3`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        `s`.`e1`
      ) IS NULL
      THEN NULL
      ELSE (
        SELECT
          CASE
            WHEN COUNT(CASE WHEN `q10`.`c` THEN 1 END) > 0
            THEN TRUE
            WHEN COUNT(CASE WHEN (
              `q10`.`c`
            ) IS NULL THEN 1 END) > 0
            THEN NULL
            ELSE FALSE
          END
        FROM (
          SELECT
            (
              (
                (
                  `t3`.`type`
                ) = (
                  'iro'
                )
              )
              AND (
                (
                  `t3`.`date`
                ) <= (
                  `s`.`date`
                )
              )
            )
            AND (
              (
                `t3`.`date`
              ) > (
                COALESCE(`s`.`e6`, CAST(DATE_ADD(`s`.`e7`, -1) AS DATE))
              )
            ) AS c
          FROM `visits` AS t3
          WHERE
            COALESCE(`t3`.`child_id`, `t3`.`child_id`) = (
              `s`.`e2`
            )
        ) AS q10
      )
    END AS `e8`
  FROM (
    SELECT
      s.*,
      `j8`.`date` AS `e6`,
      `j19`.`date` AS `e12`
    FROM (
      SELECT
        s.*,
        CASE
          WHEN (
            `s`.`e3`
          ) IS NULL
          THEN NULL
          WHEN (
            SELECT
              CASE
                WHEN COUNT(
                  CASE
                    WHEN (
                      (
                        `q7`.`c`
                      ) OR (
                        (
                          `q7`.`c`
                        ) IS NULL
                      )
                    )
                    AND (
                      (
                        `q7`.`k`
                      ) IS NULL
                    )
                    THEN 1
                  END
                ) > 0
                THEN FALSE
                WHEN COUNT(CASE WHEN `q7`.`c` THEN 1 END) = 0
                THEN FALSE
                WHEN MAX(CASE WHEN (
                  `q7`.`c`
                ) IS NULL THEN `q7`.`k` END) >= MAX(CASE WHEN `q7`.`c` THEN `q7`.`k` END)
                THEN FALSE
                ELSE TRUE
              END AS ok
            FROM (
              SELECT
                (
                  `t6`.`date`
                ) < (
                  `s`.`date`
                ) AS c,
                `t6`.`date` AS k
              FROM `lac_reviews` AS t6
              WHERE
                COALESCE(`t6`.`period_id`, `t6`.`period_id`) = (
                  `s`.`e4`
                )
            ) AS q7
          )
          THEN (
            SELECT
              `t6`.`_row` AS v
            FROM `lac_reviews` AS t6
            WHERE
              COALESCE(`t6`.`period_id`, `t6`.`period_id`) = (
                `s`.`e4`
              )
              AND (
                (
                  `t6`.`date`
                ) < (
                  `s`.`date`
                )
              )
            ORDER BY
              (
                `t6`.`date`
              ) DESC,
              (
                `t6`.`_row`
              ) NULLS LAST
            LIMIT 1
          )
          ELSE NULL
        END AS `e5`,
        (
          CASE
            WHEN (
              (
                `s`.`date`
              ) IS NULL
            )
            OR (
              (
                CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
                `s`.`date`
              ) >= (
                CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
              )
            )
            AND (
              (
                `s`.`date`
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
                  `s`.`e9`
                ) IS NULL
              ) OR (
                (
                  `s`.`date`
                ) IS NULL
              )
              THEN NULL
              ELSE (
                YEAR(`s`.`date`) - YEAR(`s`.`e9`)
              ) - CASE
                WHEN (
                  MONTH(`s`.`date`) * 100 + DAY(`s`.`date`)
                ) < (
                  MONTH(`s`.`e9`) * 100 + DAY(`s`.`e9`)
                )
                THEN 1
                ELSE 0
              END
            END
          ) >= (
            4
          )
        ) AS `e10`,
        CASE
          WHEN (
            `s`.`e1`
          ) IS NULL
          THEN NULL
          WHEN (
            SELECT
              CASE
                WHEN COUNT(
                  CASE
                    WHEN (
                      (
                        `q18`.`c`
                      ) OR (
                        (
                          `q18`.`c`
                        ) IS NULL
                      )
                    )
                    AND (
                      (
                        `q18`.`k`
                      ) IS NULL
                    )
                    THEN 1
                  END
                ) > 0
                THEN FALSE
                WHEN COUNT(CASE WHEN `q18`.`c` THEN 1 END) = 0
                THEN FALSE
                WHEN MAX(CASE WHEN (
                  `q18`.`c`
                ) IS NULL THEN `q18`.`k` END) >= MAX(CASE WHEN `q18`.`c` THEN `q18`.`k` END)
                THEN FALSE
                ELSE TRUE
              END AS ok
            FROM (
              SELECT
                (
                  (
                    `t17`.`type`
                  ) = (
                    'iro'
                  )
                )
                AND (
                  (
                    `t17`.`date`
                  ) <= (
                    `s`.`date`
                  )
                ) AS c,
                `t17`.`date` AS k
              FROM `visits` AS t17
              WHERE
                COALESCE(`t17`.`child_id`, `t17`.`child_id`) = (
                  `s`.`e2`
                )
            ) AS q18
          )
          THEN (
            SELECT
              `t17`.`_row` AS v
            FROM `visits` AS t17
            WHERE
              COALESCE(`t17`.`child_id`, `t17`.`child_id`) = (
                `s`.`e2`
              )
              AND (
                (
                  (
                    `t17`.`type`
                  ) = (
                    'iro'
                  )
                )
                AND (
                  (
                    `t17`.`date`
                  ) <= (
                    `s`.`date`
                  )
                )
              )
            ORDER BY
              (
                `t17`.`date`
              ) DESC,
              (
                `t17`.`_row`
              ) NULLS LAST
            LIMIT 1
          )
          ELSE NULL
        END AS `e11`
      FROM (
        SELECT
          s.*,
          `j2`.`_row` AS `e1`,
          `j2`.`child_id` AS `e2`,
          `j5`.`_row` AS `e3`,
          `j5`.`period_id` AS `e4`,
          `j5`.`start_date` AS `e7`,
          `j2`.`date_of_birth` AS `e9`
        FROM `lac_reviews` AS s
        LEFT JOIN `children` AS j2
          ON `j2`.`child_id` = (
            `s`.`child_id`
          )
        LEFT JOIN `care_periods` AS j5
          ON `j5`.`period_id` = (
            `s`.`period_id`
          )
      ) AS s
    ) AS s
    LEFT JOIN `lac_reviews` AS j8
      ON `j8`.`_row` = (
        `s`.`e5`
      )
    LEFT JOIN `visits` AS j19
      ON `j19`.`_row` = (
        `s`.`e11`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- MISSING-RHI-72H: Children in care are offered a return home interview within 72 hours of coming back from missing
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`start_date` AS `r_fail_1`,
  `s`.`end_date` AS `r_fail_3`,
  `s`.`rhi_offered_date` AS `r_fail_5`,
  CAST(DATE_ADD(`s`.`end_date`, 3) AS DATE) AS `r_fail_7`,
  `s`.`start_date` AS `r_not_applicable_1`,
  `s`.`type` AS `r_not_applicable_3`,
  `s`.`end_date` AS `r_not_applicable_5`,
  CAST('2025-03-31' AS DATE) AS `r_not_applicable_7`,
  `s`.`start_date` AS `r_not_evidenced_1`,
  `s`.`end_date` AS `r_not_evidenced_3`,
  `s`.`start_date` AS `r_pass_1`,
  `s`.`end_date` AS `r_pass_3`,
  `s`.`rhi_offered_date` AS `r_pass_5`
FROM (
  SELECT
    s.*,
    (
      `s`.`rhi_offered_date`
    ) <= (
      CAST(DATE_ADD(`s`.`end_date`, 3) AS DATE)
    ) AS `e1`,
    (
      (
        (
          (
            `s`.`type`
          ) = (
            'M'
          )
        )
        AND (
          NOT (
            (
              `s`.`end_date`
            ) IS NULL
          )
        )
      )
      AND (
        CASE
          WHEN (
            (
              `s`.`end_date`
            ) IS NULL
          )
          OR (
            (
              CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
              `s`.`end_date`
            ) >= (
              CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
            )
          )
          AND (
            (
              `s`.`end_date`
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
            `s`.`rhi_offered_date`
          ) IS NULL
        )
      )
      OR (
        (
          CAST(DATE_ADD(`s`.`end_date`, 3) AS DATE)
        ) < (
          CAST('2025-03-31' AS DATE)
        )
      )
    ) AS `e2`
  FROM `missing_episodes` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- CL-ACCOM-SUITABLE: Care leavers live in suitable accommodation
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`accommodation` AS `r_fail_1`,
  `s`.`accommodation_suitable` AS `r_fail_3`,
  `s`.`in_touch` AS `r_fail_5`
FROM (
  SELECT
    s.*,
    (
      (
        NOT (
          (
            `s`.`accommodation`
          ) IS NULL
        )
      )
      AND (
        (
          `s`.`accommodation`
        ) <> (
          'R'
        )
      )
    )
    AND (
      (
        `s`.`accommodation_suitable`
      ) = (
        TRUE
      )
    ) AS `e1`,
    (
      (
        `s`.`in_touch`
      ) IS NULL
    )
    OR (
      NOT (
        CASE
          WHEN (
            `s`.`in_touch`
          ) IS NULL
          THEN NULL
          ELSE (
            `s`.`in_touch`
          ) IN ('DIED', 'NREQ', 'RHOM')
        END
      )
    ) AS `e2`
  FROM `care_leavers` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- CL-IN-TOUCH: Care leavers the council is in touch with
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`in_touch` AS `r_fail_1`,
  `s`.`last_contact_date` AS `r_fail_3`,
  `s`.`in_touch` AS `r_not_applicable_1`,
  `s`.`last_contact_date` AS `r_not_evidenced_1`
FROM (
  SELECT
    s.*,
    (
      `s`.`in_touch`
    ) = (
      'YES'
    ) AS `e1`,
    (
      (
        `s`.`in_touch`
      ) IS NULL
    )
    OR (
      NOT (
        CASE
          WHEN (
            `s`.`in_touch`
          ) IS NULL
          THEN NULL
          ELSE (
            `s`.`in_touch`
          ) IN ('DIED', 'RHOM', 'REFU', 'NREQ')
        END
      )
    ) AS `e2`
  FROM `care_leavers` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- CL-EET: Care leavers in education, employment or training
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`activity` AS `r_fail_1`,
  `s`.`in_touch` AS `r_not_evidenced_1`
FROM (
  SELECT
    s.*,
    NOT (
      CASE
        WHEN (
          `s`.`activity`
        ) IS NULL
        THEN NULL
        ELSE (
          `s`.`activity`
        ) IN ('G4', 'G5', 'G6')
      END
    ) AS `e1`,
    (
      (
        `s`.`in_touch`
      ) IS NULL
    )
    OR (
      NOT (
        CASE
          WHEN (
            `s`.`in_touch`
          ) IS NULL
          THEN NULL
          ELSE (
            `s`.`in_touch`
          ) IN ('DIED', 'RHOM')
        END
      )
    ) AS `e2`
  FROM `care_leavers` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- CL-PATHWAY-PLAN-6M: Care leavers have a pathway plan reviewed within the last 6 months
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e5`
    )
    THEN CASE
      WHEN (
        `s`.`e3`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e3`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e5`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e5` AS `_when`,
  CASE
    WHEN (
      (
        `s`.`e1`
      ) IS NULL
    )
    OR (
      EXISTS(
        SELECT
          1
        FROM `pathway_plans` AS t8
        WHERE
          COALESCE(`t8`.`child_id`, `t8`.`child_id`) = (
            `s`.`e2`
          )
          AND (
            (
              `t8`.`date`
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          ) IS NULL
      )
    )
    THEN NULL
    ELSE (
      SELECT
        CASE WHEN COUNT(*) = COUNT(`q9`.`v`) THEN MAX(`q9`.`v`) ELSE NULL END
      FROM (
        SELECT
          `t8`.`date` AS v
        FROM `pathway_plans` AS t8
        WHERE
          (
            COALESCE(`t8`.`child_id`, `t8`.`child_id`) = (
              `s`.`e2`
            )
          )
          AND (
            (
              `t8`.`date`
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
      ) AS q9
    )
  END AS `r_fail_1`,
  CAST('2025-03-31' AS DATE) AS `r_fail_3`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        `s`.`e1`
      ) IS NULL
      THEN NULL
      ELSE (
        SELECT
          CASE
            WHEN COUNT(CASE WHEN `q4`.`c` THEN 1 END) > 0
            THEN TRUE
            WHEN COUNT(CASE WHEN (
              `q4`.`c`
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
                  `t3`.`date`
                ) IS NULL
              )
              THEN NULL
              WHEN (
                `t3`.`date`
              ) > (
                CAST('2025-03-31' AS DATE)
              )
              THEN FALSE
              ELSE (
                `t3`.`date`
              ) >= (
                CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -6) AS DATE)
              )
            END AS c
          FROM `pathway_plans` AS t3
          WHERE
            COALESCE(`t3`.`child_id`, `t3`.`child_id`) = (
              `s`.`e2`
            )
        ) AS q4
      )
    END AS `e3`,
    (
      (
        (
          (
            `s`.`in_touch`
          ) IS NULL
        )
        OR (
          NOT (
            CASE
              WHEN (
                `s`.`in_touch`
              ) IS NULL
              THEN NULL
              ELSE (
                `s`.`in_touch`
              ) IN ('DIED', 'NREQ', 'RHOM')
            END
          )
        )
      )
      AND (
        (
          (
            `s`.`eligibility`
          ) IS NULL
        )
        OR (
          (
            `s`.`eligibility`
          ) <> (
            'qualifying'
          )
        )
      )
    )
    AND (
      COALESCE(
        (
          CAST(ADD_MONTHS(CAST(ADD_MONTHS(`s`.`e4`, 192) AS DATE), 3) AS DATE)
        ) < (
          CAST('2025-03-31' AS DATE)
        ),
        TRUE
      )
    ) AS `e5`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`child_id` AS `e2`,
      `j2`.`date_of_birth` AS `e4`
    FROM `care_leavers` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_id` = (
        `s`.`child_id`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- CL-PA-ALLOCATED: Care leavers have a personal adviser
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e4`
    )
    THEN CASE
      WHEN (
        `s`.`e3`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e3`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e4`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e4` AS `_when`,
  `s`.`personal_adviser_id` AS `r_fail_1`,
  `s`.`e2` AS `r_fail_3`,
  `s`.`eligibility` AS `r_fail_5`
FROM (
  SELECT
    s.*,
    (
      NOT (
        (
          `s`.`personal_adviser_id`
        ) IS NULL
      )
    )
    AND (
      (
        (
          `s`.`e2`
        ) IS NULL
      )
      OR (
        (
          `s`.`e2`
        ) > (
          CAST('2025-03-31' AS DATE)
        )
      )
    ) AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`end_date` AS `e2`,
      (
        (
          (
            `s`.`in_touch`
          ) IS NULL
        )
        OR (
          NOT (
            CASE
              WHEN (
                `s`.`in_touch`
              ) IS NULL
              THEN NULL
              ELSE (
                `s`.`in_touch`
              ) IN ('DIED', 'NREQ', 'RHOM')
            END
          )
        )
      )
      AND (
        (
          (
            `s`.`eligibility`
          ) IS NULL
        )
        OR (
          (
            `s`.`eligibility`
          ) <> (
            'qualifying'
          )
        )
      ) AS `e4`
    FROM `care_leavers` AS s
    LEFT JOIN `social_workers` AS j2
      ON `j2`.`worker_id` = (
        `s`.`personal_adviser_id`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- SUPERVISION-INTERVAL: Workers are supervised at least as often as the local standard
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e8`
    )
    THEN CASE
      WHEN (
        `s`.`e7`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e7`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e8`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e8` AS `_when`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        (
          `s`.`e2`
        ) IS NULL
      ) OR (
        (
          `s`.`e3`
        ) IS NULL
      )
      THEN NULL
      WHEN EXISTS(
        SELECT
          1
        FROM `supervisions` AS t1
        WHERE
          COALESCE(`t1`.`worker_id`, `t1`.`worker_id`) = (
            `s`.`worker_id`
          )
          AND (
            `t1`.`date`
          ) IS NULL
      )
      THEN NULL
      WHEN (
        `s`.`e2`
      ) > (
        `s`.`e3`
      )
      THEN TRUE
      ELSE CASE
        WHEN `s`.`e4` > 0
        THEN FALSE
        ELSE CASE
          WHEN (
            (
              `s`.`e6`
            ) IS NULL
          ) OR (
            (
              `s`.`e3`
            ) IS NULL
          )
          THEN NULL
          WHEN (
            `s`.`e3`
          ) < (
            `s`.`e6`
          )
          THEN FALSE
          ELSE (
            `s`.`e3`
          ) <= (
            CAST(DATE_ADD(`s`.`e6`, 28) AS DATE)
          )
        END
      END
    END AS `e7`
  FROM (
    SELECT
      s.*,
      COALESCE(`g8`.`misses`, 0) AS `e4`,
      COALESCE(`g8`.`k`, 0) AS `e5`,
      COALESCE(`g8`.`last`, `s`.`e2`) AS `e6`
    FROM (
      SELECT
        s.*,
        COALESCE(
          CASE
            WHEN EXISTS(
              SELECT
                1
              FROM `supervisions` AS t2
              WHERE
                COALESCE(`t2`.`worker_id`, `t2`.`worker_id`) = (
                  `s`.`worker_id`
                )
                AND (
                  (
                    `t2`.`date`
                  ) <= (
                    CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                  )
                ) IS NULL
            )
            THEN NULL
            ELSE (
              SELECT
                CASE WHEN COUNT(*) = COUNT(`q3`.`v`) THEN MAX(`q3`.`v`) ELSE NULL END
              FROM (
                SELECT
                  `t2`.`date` AS v
                FROM `supervisions` AS t2
                WHERE
                  (
                    COALESCE(`t2`.`worker_id`, `t2`.`worker_id`) = (
                      `s`.`worker_id`
                    )
                  )
                  AND (
                    (
                      `t2`.`date`
                    ) <= (
                      CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                    )
                  )
              ) AS q3
            )
          END,
          CASE
            WHEN (
              (
                `s`.`e1`
              ) IS NULL
            )
            OR (
              (
                CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
              ) IS NULL
            )
            THEN NULL
            ELSE GREATEST(
              `s`.`e1`,
              CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
            )
          END
        ) AS `e2`
      FROM (
        SELECT
          s.*,
          COALESCE(
            `s`.`start_date`,
            CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
          ) AS `e1`,
          CASE
            WHEN (
              COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE))
            ) IS NULL
            THEN NULL
            ELSE LEAST(COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
          END AS `e3`,
          (
            (
              (
                `s`.`start_date`
              ) IS NULL
            )
            OR (
              (
                `s`.`start_date`
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
          )
          AND (
            (
              (
                `s`.`end_date`
              ) IS NULL
            )
            OR (
              (
                `s`.`end_date`
              ) >= (
                CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
              )
            )
          ) AS `e8`
        FROM `social_workers` AS s
      ) AS s
    ) AS s
    LEFT JOIN (
      SELECT
        `q7`.`r`,
        COUNT(CASE WHEN NOT (
          `q7`.`ok`
        ) THEN 1 END) AS misses,
        COUNT(*) AS k,
        MAX(`q7`.`e`) AS last
      FROM (
        SELECT
          `q6`.`r`,
          `q6`.`e`,
          CASE
            WHEN (
              (
                `q6`.`prev`
              ) IS NULL
            ) OR (
              (
                `q6`.`e`
              ) IS NULL
            )
            THEN NULL
            WHEN (
              `q6`.`e`
            ) < (
              `q6`.`prev`
            )
            THEN FALSE
            ELSE (
              `q6`.`e`
            ) <= (
              CAST(DATE_ADD(`q6`.`prev`, 28) AS DATE)
            )
          END AS ok
        FROM (
          SELECT
            `q5`.`r`,
            `q5`.`e`,
            ROW_NUMBER() OVER (PARTITION BY `q5`.`r` ORDER BY `q5`.`e` NULLS LAST) - 1 AS i,
            COALESCE(LAG(`q5`.`e`) OVER (PARTITION BY `q5`.`r` ORDER BY `q5`.`e` NULLS LAST), `q5`.`st`) AS prev
          FROM (
            SELECT DISTINCT
              `s`.`_row` AS r,
              `t1`.`date` AS e,
              `s`.`e2` AS st
            FROM (
              SELECT
                s.*,
                COALESCE(
                  CASE
                    WHEN EXISTS(
                      SELECT
                        1
                      FROM `supervisions` AS t2
                      WHERE
                        COALESCE(`t2`.`worker_id`, `t2`.`worker_id`) = (
                          `s`.`worker_id`
                        )
                        AND (
                          (
                            `t2`.`date`
                          ) <= (
                            CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                          )
                        ) IS NULL
                    )
                    THEN NULL
                    ELSE (
                      SELECT
                        CASE WHEN COUNT(*) = COUNT(`q3`.`v`) THEN MAX(`q3`.`v`) ELSE NULL END
                      FROM (
                        SELECT
                          `t2`.`date` AS v
                        FROM `supervisions` AS t2
                        WHERE
                          (
                            COALESCE(`t2`.`worker_id`, `t2`.`worker_id`) = (
                              `s`.`worker_id`
                            )
                          )
                          AND (
                            (
                              `t2`.`date`
                            ) <= (
                              CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                            )
                          )
                      ) AS q3
                    )
                  END,
                  CASE
                    WHEN (
                      (
                        `s`.`e1`
                      ) IS NULL
                    )
                    OR (
                      (
                        CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                      ) IS NULL
                    )
                    THEN NULL
                    ELSE GREATEST(
                      `s`.`e1`,
                      CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                    )
                  END
                ) AS `e2`
              FROM (
                SELECT
                  s.*,
                  COALESCE(
                    `s`.`start_date`,
                    CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                  ) AS `e1`,
                  CASE
                    WHEN (
                      COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE))
                    ) IS NULL
                    THEN NULL
                    ELSE LEAST(COALESCE(`s`.`end_date`, CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
                  END AS `e3`,
                  (
                    (
                      (
                        `s`.`start_date`
                      ) IS NULL
                    )
                    OR (
                      (
                        `s`.`start_date`
                      ) <= (
                        CAST('2025-03-31' AS DATE)
                      )
                    )
                  )
                  AND (
                    (
                      (
                        `s`.`end_date`
                      ) IS NULL
                    )
                    OR (
                      (
                        `s`.`end_date`
                      ) >= (
                        CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                      )
                    )
                  ) AS `e8`
                FROM `social_workers` AS s
              ) AS s
            ) AS s
            CROSS JOIN `supervisions` AS t1
            WHERE
              (
                COALESCE(`t1`.`worker_id`, `t1`.`worker_id`) = (
                  `s`.`worker_id`
                )
              )
              AND (
                (
                  (
                    `t1`.`date`
                  ) >= (
                    `s`.`e2`
                  )
                )
                AND (
                  (
                    `t1`.`date`
                  ) <= (
                    `s`.`e3`
                  )
                )
              )
          ) AS q5
        ) AS q6
      ) AS q7
      GROUP BY
        `q7`.`r`
    ) AS g8
      ON `g8`.`r` = `s`.`_row`
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- SUPERVISION-REFLECTIVE: Supervision is reflective, not only case direction
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  CASE
    WHEN EXISTS(
      SELECT
        1
      FROM `supervisions` AS t5
      WHERE
        COALESCE(`t5`.`worker_id`, `t5`.`worker_id`) = (
          `s`.`worker_id`
        )
        AND (
          (
            CASE
              WHEN (
                (
                  `t5`.`date`
                ) IS NULL
              )
              OR (
                (
                  CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
                  `t5`.`date`
                ) >= (
                  CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                )
              )
              AND (
                (
                  `t5`.`date`
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
            END
          )
          AND (
            NOT (
              COALESCE(`t5`.`reflective`, TRUE)
            )
          )
        ) IS NULL
    )
    THEN NULL
    ELSE (
      SELECT
        COUNT(*)
      FROM (
        SELECT
          1 AS v
        FROM `supervisions` AS t5
        WHERE
          (
            COALESCE(`t5`.`worker_id`, `t5`.`worker_id`) = (
              `s`.`worker_id`
            )
          )
          AND (
            (
              CASE
                WHEN (
                  (
                    `t5`.`date`
                  ) IS NULL
                )
                OR (
                  (
                    CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
                    `t5`.`date`
                  ) >= (
                    CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                  )
                )
                AND (
                  (
                    `t5`.`date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              END
            )
            AND (
              NOT (
                COALESCE(`t5`.`reflective`, TRUE)
              )
            )
          )
      ) AS q6
    )
  END AS `r_fail_0`,
  CASE
    WHEN EXISTS(
      SELECT
        1
      FROM `supervisions` AS t7
      WHERE
        COALESCE(`t7`.`worker_id`, `t7`.`worker_id`) = (
          `s`.`worker_id`
        )
        AND (
          CASE
            WHEN (
              (
                `t7`.`date`
              ) IS NULL
            )
            OR (
              (
                CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
                `t7`.`date`
              ) >= (
                CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
              )
            )
            AND (
              (
                `t7`.`date`
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
          END
        ) IS NULL
    )
    THEN NULL
    ELSE (
      SELECT
        COUNT(*)
      FROM (
        SELECT
          1 AS v
        FROM `supervisions` AS t7
        WHERE
          (
            COALESCE(`t7`.`worker_id`, `t7`.`worker_id`) = (
              `s`.`worker_id`
            )
          )
          AND (
            CASE
              WHEN (
                (
                  `t7`.`date`
                ) IS NULL
              )
              OR (
                (
                  CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
                  `t7`.`date`
                ) >= (
                  CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                )
              )
              AND (
                (
                  `t7`.`date`
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
            END
          )
      ) AS q8
    )
  END AS `r_fail_2`,
  `s`.`e4` AS `r_fail_4`
FROM (
  SELECT
    s.*,
    `j11`.`date` AS `e4`
  FROM (
    SELECT
      s.*,
      (
        SELECT
          CASE
            WHEN COUNT(CASE WHEN NOT (
              `q2`.`c`
            ) THEN 1 END) > 0
            THEN FALSE
            WHEN COUNT(CASE WHEN (
              `q2`.`c`
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
                    `t1`.`date`
                  ) IS NULL
                )
                OR (
                  (
                    CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
                    `t1`.`date`
                  ) >= (
                    CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                  )
                )
                AND (
                  (
                    `t1`.`date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              END
            )
            OR (
              (
                `t1`.`reflective`
              ) = (
                TRUE
              )
            ) AS c
          FROM `supervisions` AS t1
          WHERE
            COALESCE(`t1`.`worker_id`, `t1`.`worker_id`) = (
              `s`.`worker_id`
            )
        ) AS q2
      ) AS `e1`,
      (
        (
          (
            (
              `s`.`start_date`
            ) IS NULL
          )
          OR (
            (
              `s`.`start_date`
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
        )
        AND (
          (
            (
              `s`.`end_date`
            ) IS NULL
          )
          OR (
            (
              `s`.`end_date`
            ) >= (
              CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
            )
          )
        )
      )
      AND (
        (
          SELECT
            CASE
              WHEN COUNT(CASE WHEN `q4`.`c` THEN 1 END) > 0
              THEN TRUE
              WHEN COUNT(CASE WHEN (
                `q4`.`c`
              ) IS NULL THEN 1 END) > 0
              THEN NULL
              ELSE FALSE
            END
          FROM (
            SELECT
              CASE
                WHEN (
                  (
                    `t3`.`date`
                  ) IS NULL
                )
                OR (
                  (
                    CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
                    `t3`.`date`
                  ) >= (
                    CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                  )
                )
                AND (
                  (
                    `t3`.`date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              END AS c
            FROM `supervisions` AS t3
            WHERE
              COALESCE(`t3`.`worker_id`, `t3`.`worker_id`) = (
                `s`.`worker_id`
              )
          ) AS q4
        )
      ) AS `e2`,
      CASE
        WHEN (
          SELECT
            CASE
              WHEN COUNT(
                CASE
                  WHEN (
                    (
                      `q10`.`c`
                    ) OR (
                      (
                        `q10`.`c`
                      ) IS NULL
                    )
                  )
                  AND (
                    (
                      `q10`.`k`
                    ) IS NULL
                  )
                  THEN 1
                END
              ) > 0
              THEN FALSE
              WHEN COUNT(CASE WHEN `q10`.`c` THEN 1 END) = 0
              THEN FALSE
              WHEN MIN(CASE WHEN (
                `q10`.`c`
              ) IS NULL THEN `q10`.`k` END) <= MIN(CASE WHEN `q10`.`c` THEN `q10`.`k` END)
              THEN FALSE
              ELSE TRUE
            END AS ok
          FROM (
            SELECT
              (
                CASE
                  WHEN (
                    (
                      `t9`.`date`
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
                      `t9`.`date`
                    ) >= (
                      CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                    )
                  )
                  AND (
                    (
                      `t9`.`date`
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                END
              )
              AND (
                NOT (
                  COALESCE(`t9`.`reflective`, TRUE)
                )
              ) AS c,
              `t9`.`date` AS k
            FROM `supervisions` AS t9
            WHERE
              COALESCE(`t9`.`worker_id`, `t9`.`worker_id`) = (
                `s`.`worker_id`
              )
          ) AS q10
        )
        THEN (
          SELECT
            `t9`.`_row` AS v
          FROM `supervisions` AS t9
          WHERE
            COALESCE(`t9`.`worker_id`, `t9`.`worker_id`) = (
              `s`.`worker_id`
            )
            AND (
              (
                CASE
                  WHEN (
                    (
                      `t9`.`date`
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
                      `t9`.`date`
                    ) >= (
                      CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                    )
                  )
                  AND (
                    (
                      `t9`.`date`
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                END
              )
              AND (
                NOT (
                  COALESCE(`t9`.`reflective`, TRUE)
                )
              )
            )
          ORDER BY
            (
              `t9`.`date`
            ) ASC NULLS LAST,
            (
              `t9`.`_row`
            ) NULLS LAST
          LIMIT 1
        )
        ELSE NULL
      END AS `e3`
    FROM `social_workers` AS s
  ) AS s
  LEFT JOIN `supervisions` AS j11
    ON `j11`.`_row` = (
      `s`.`e3`
    )
) AS s
ORDER BY
  `s`.`_row`;

-- CASELOAD-LIMIT: Social workers' caseloads are within the local limit
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  CASE
    WHEN EXISTS(
      SELECT
        1
      FROM `case_allocations` AS t4
      WHERE
        COALESCE(`t4`.`worker_id`, `t4`.`worker_id`) = (
          `s`.`worker_id`
        )
        AND (
          (
            (
              `t4`.`start_date`
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
          AND (
            (
              (
                `t4`.`end_date`
              ) IS NULL
            )
            OR (
              (
                `t4`.`end_date`
              ) > (
                CAST('2025-03-31' AS DATE)
              )
            )
          )
        ) IS NULL
    )
    THEN NULL
    ELSE (
      SELECT
        COUNT(*)
      FROM (
        SELECT
          1 AS v
        FROM `case_allocations` AS t4
        WHERE
          (
            COALESCE(`t4`.`worker_id`, `t4`.`worker_id`) = (
              `s`.`worker_id`
            )
          )
          AND (
            (
              (
                `t4`.`start_date`
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
            AND (
              (
                (
                  `t4`.`end_date`
                ) IS NULL
              )
              OR (
                (
                  `t4`.`end_date`
                ) > (
                  CAST('2025-03-31' AS DATE)
                )
              )
            )
          )
      ) AS q5
    )
  END AS `r_fail_0`,
  CAST('2025-03-31' AS DATE) AS `r_fail_2`,
  20 AS `r_fail_4`
FROM (
  SELECT
    s.*,
    (
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM `case_allocations` AS t1
          WHERE
            COALESCE(`t1`.`worker_id`, `t1`.`worker_id`) = (
              `s`.`worker_id`
            )
            AND (
              (
                (
                  `t1`.`start_date`
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
              AND (
                (
                  (
                    `t1`.`end_date`
                  ) IS NULL
                )
                OR (
                  (
                    `t1`.`end_date`
                  ) > (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              )
            ) IS NULL
        )
        THEN NULL
        ELSE (
          SELECT
            COUNT(*)
          FROM (
            SELECT
              1 AS v
            FROM `case_allocations` AS t1
            WHERE
              (
                COALESCE(`t1`.`worker_id`, `t1`.`worker_id`) = (
                  `s`.`worker_id`
                )
              )
              AND (
                (
                  (
                    `t1`.`start_date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
                AND (
                  (
                    (
                      `t1`.`end_date`
                    ) IS NULL
                  )
                  OR (
                    (
                      `t1`.`end_date`
                    ) > (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                )
              )
          ) AS q2
        )
      END
    ) <= (
      20
    ) AS `e1`,
    (
      (
        CASE
          WHEN (
            `s`.`role`
          ) IS NULL
          THEN NULL
          ELSE (
            `s`.`role`
          ) IN ('social_worker', 'senior_practitioner')
        END
      )
      AND (
        (
          (
            `s`.`start_date`
          ) IS NULL
        )
        OR (
          (
            `s`.`start_date`
          ) <= (
            CAST('2025-03-31' AS DATE)
          )
        )
      )
    )
    AND (
      (
        (
          `s`.`end_date`
        ) IS NULL
      )
      OR (
        (
          `s`.`end_date`
        ) > (
          CAST('2025-03-31' AS DATE)
        )
      )
    ) AS `e2`
  FROM `social_workers` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- NQSW-CASELOAD: Newly qualified social workers have a protected caseload
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  CASE
    WHEN EXISTS(
      SELECT
        1
      FROM `case_allocations` AS t3
      WHERE
        COALESCE(`t3`.`worker_id`, `t3`.`worker_id`) = (
          `s`.`worker_id`
        )
        AND (
          (
            (
              `t3`.`start_date`
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
          AND (
            (
              (
                `t3`.`end_date`
              ) IS NULL
            )
            OR (
              (
                `t3`.`end_date`
              ) > (
                CAST('2025-03-31' AS DATE)
              )
            )
          )
        ) IS NULL
    )
    THEN NULL
    ELSE (
      SELECT
        COUNT(*)
      FROM (
        SELECT
          1 AS v
        FROM `case_allocations` AS t3
        WHERE
          (
            COALESCE(`t3`.`worker_id`, `t3`.`worker_id`) = (
              `s`.`worker_id`
            )
          )
          AND (
            (
              (
                `t3`.`start_date`
              ) <= (
                CAST('2025-03-31' AS DATE)
              )
            )
            AND (
              (
                (
                  `t3`.`end_date`
                ) IS NULL
              )
              OR (
                (
                  `t3`.`end_date`
                ) > (
                  CAST('2025-03-31' AS DATE)
                )
              )
            )
          )
      ) AS q4
    )
  END AS `r_fail_1`,
  CAST('2025-03-31' AS DATE) AS `r_fail_3`,
  12 AS `r_fail_5`
FROM (
  SELECT
    s.*,
    (
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM `case_allocations` AS t1
          WHERE
            COALESCE(`t1`.`worker_id`, `t1`.`worker_id`) = (
              `s`.`worker_id`
            )
            AND (
              (
                (
                  `t1`.`start_date`
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
              AND (
                (
                  (
                    `t1`.`end_date`
                  ) IS NULL
                )
                OR (
                  (
                    `t1`.`end_date`
                  ) > (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              )
            ) IS NULL
        )
        THEN NULL
        ELSE (
          SELECT
            COUNT(*)
          FROM (
            SELECT
              1 AS v
            FROM `case_allocations` AS t1
            WHERE
              (
                COALESCE(`t1`.`worker_id`, `t1`.`worker_id`) = (
                  `s`.`worker_id`
                )
              )
              AND (
                (
                  (
                    `t1`.`start_date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
                AND (
                  (
                    (
                      `t1`.`end_date`
                    ) IS NULL
                  )
                  OR (
                    (
                      `t1`.`end_date`
                    ) > (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                )
              )
          ) AS q2
        )
      END
    ) <= (
      12
    ) AS `e1`,
    (
      (
        (
          `s`.`newly_qualified`
        ) = (
          TRUE
        )
      )
      AND (
        (
          (
            `s`.`start_date`
          ) IS NULL
        )
        OR (
          (
            `s`.`start_date`
          ) <= (
            CAST('2025-03-31' AS DATE)
          )
        )
      )
    )
    AND (
      (
        (
          `s`.`end_date`
        ) IS NULL
      )
      OR (
        (
          `s`.`end_date`
        ) > (
          CAST('2025-03-31' AS DATE)
        )
      )
    ) AS `e2`
  FROM `social_workers` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- SW-CHANGES: Children do not have frequent changes of social worker
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  CAST('2025-03-31' AS DATE) AS `r_fail_1`,
  CASE
    WHEN EXISTS(
      SELECT
        1
      FROM `case_allocations` AS t10
      LEFT JOIN LATERAL (
        SELECT
          MAX_BY(`t11`.`_row`, STRUCT((
            `t11`.`start_date`
          ), -(
            `t11`.`_row`
          ))) AS v
        FROM `case_allocations` AS t11
        WHERE
          COALESCE(`t11`.`child_id`, `t11`.`child_id`) = `t10`.`child_id`
          AND (
            (
              (
                `t11`.`start_date`
              ) < (
                `t10`.`start_date`
              )
            )
            AND (
              NOT (
                (
                  `t11`.`worker_id`
                ) IS NULL
              )
            )
          )
      ) AS pk13
        ON TRUE
      LEFT JOIN LATERAL (
        SELECT
          CASE
            WHEN COUNT(
              CASE
                WHEN (
                  (
                    `q12`.`c`
                  ) OR (
                    (
                      `q12`.`c`
                    ) IS NULL
                  )
                )
                AND (
                  (
                    `q12`.`k`
                  ) IS NULL
                )
                THEN 1
              END
            ) > 0
            THEN FALSE
            WHEN COUNT(CASE WHEN `q12`.`c` THEN 1 END) = 0
            THEN FALSE
            WHEN MAX(CASE WHEN (
              `q12`.`c`
            ) IS NULL THEN `q12`.`k` END) >= MAX(CASE WHEN `q12`.`c` THEN `q12`.`k` END)
            THEN FALSE
            ELSE TRUE
          END AS ok
        FROM (
          SELECT
            (
              (
                `t11`.`start_date`
              ) < (
                `t10`.`start_date`
              )
            )
            AND (
              NOT (
                (
                  `t11`.`worker_id`
                ) IS NULL
              )
            ) AS c,
            `t11`.`start_date` AS k
          FROM `case_allocations` AS t11
          WHERE
            COALESCE(`t11`.`child_id`, `t11`.`child_id`) = `t10`.`child_id`
        ) AS q12
      ) AS pc14
        ON TRUE
      WHERE
        COALESCE(`t10`.`child_id`, `t10`.`child_id`) = (
          `s`.`child_id`
        )
        AND (
          (
            (
              NOT (
                (
                  `t10`.`worker_id`
                ) IS NULL
              )
            )
            AND (
              CASE
                WHEN (
                  (
                    `t10`.`start_date`
                  ) IS NULL
                )
                OR (
                  (
                    CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
                    `t10`.`start_date`
                  ) >= (
                    CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                  )
                )
                AND (
                  (
                    `t10`.`start_date`
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
                    `t15`.`worker_id`
                  FROM `case_allocations` AS t15
                  WHERE
                    `t15`.`_row` = (
                      CASE WHEN `pc14`.`ok` THEN `pk13`.`v` ELSE NULL END
                    )
                ),
                `t10`.`worker_id`
              )
            ) <> (
              `t10`.`worker_id`
            )
          )
        ) IS NULL
    )
    THEN NULL
    ELSE (
      SELECT
        COUNT(*)
      FROM (
        SELECT
          1 AS v
        FROM `case_allocations` AS t10
        LEFT JOIN LATERAL (
          SELECT
            MAX_BY(`t11`.`_row`, STRUCT((
              `t11`.`start_date`
            ), -(
              `t11`.`_row`
            ))) AS v
          FROM `case_allocations` AS t11
          WHERE
            COALESCE(`t11`.`child_id`, `t11`.`child_id`) = `t10`.`child_id`
            AND (
              (
                (
                  `t11`.`start_date`
                ) < (
                  `t10`.`start_date`
                )
              )
              AND (
                NOT (
                  (
                    `t11`.`worker_id`
                  ) IS NULL
                )
              )
            )
        ) AS pk13
          ON TRUE
        LEFT JOIN LATERAL (
          SELECT
            CASE
              WHEN COUNT(
                CASE
                  WHEN (
                    (
                      `q12`.`c`
                    ) OR (
                      (
                        `q12`.`c`
                      ) IS NULL
                    )
                  )
                  AND (
                    (
                      `q12`.`k`
                    ) IS NULL
                  )
                  THEN 1
                END
              ) > 0
              THEN FALSE
              WHEN COUNT(CASE WHEN `q12`.`c` THEN 1 END) = 0
              THEN FALSE
              WHEN MAX(CASE WHEN (
                `q12`.`c`
              ) IS NULL THEN `q12`.`k` END) >= MAX(CASE WHEN `q12`.`c` THEN `q12`.`k` END)
              THEN FALSE
              ELSE TRUE
            END AS ok
          FROM (
            SELECT
              (
                (
                  `t11`.`start_date`
                ) < (
                  `t10`.`start_date`
                )
              )
              AND (
                NOT (
                  (
                    `t11`.`worker_id`
                  ) IS NULL
                )
              ) AS c,
              `t11`.`start_date` AS k
            FROM `case_allocations` AS t11
            WHERE
              COALESCE(`t11`.`child_id`, `t11`.`child_id`) = `t10`.`child_id`
          ) AS q12
        ) AS pc14
          ON TRUE
        WHERE
          (
            COALESCE(`t10`.`child_id`, `t10`.`child_id`) = (
              `s`.`child_id`
            )
          )
          AND (
            (
              (
                NOT (
                  (
                    `t10`.`worker_id`
                  ) IS NULL
                )
              )
              AND (
                CASE
                  WHEN (
                    (
                      `t10`.`start_date`
                    ) IS NULL
                  )
                  OR (
                    (
                      CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
                      `t10`.`start_date`
                    ) >= (
                      CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                    )
                  )
                  AND (
                    (
                      `t10`.`start_date`
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
                      `t15`.`worker_id`
                    FROM `case_allocations` AS t15
                    WHERE
                      `t15`.`_row` = (
                        CASE WHEN `pc14`.`ok` THEN `pk13`.`v` ELSE NULL END
                      )
                  ),
                  `t10`.`worker_id`
                )
              ) <> (
                `t10`.`worker_id`
              )
            )
          )
      ) AS q16
    )
  END AS `r_fail_3`,
  2 AS `r_fail_5`
FROM (
  SELECT
    s.*,
    (
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM `case_allocations` AS t1
          LEFT JOIN LATERAL (
            SELECT
              MAX_BY(`t2`.`_row`, STRUCT((
                `t2`.`start_date`
              ), -(
                `t2`.`_row`
              ))) AS v
            FROM `case_allocations` AS t2
            WHERE
              COALESCE(`t2`.`child_id`, `t2`.`child_id`) = `t1`.`child_id`
              AND (
                (
                  (
                    `t2`.`start_date`
                  ) < (
                    `t1`.`start_date`
                  )
                )
                AND (
                  NOT (
                    (
                      `t2`.`worker_id`
                    ) IS NULL
                  )
                )
              )
          ) AS pk4
            ON TRUE
          LEFT JOIN LATERAL (
            SELECT
              CASE
                WHEN COUNT(
                  CASE
                    WHEN (
                      (
                        `q3`.`c`
                      ) OR (
                        (
                          `q3`.`c`
                        ) IS NULL
                      )
                    )
                    AND (
                      (
                        `q3`.`k`
                      ) IS NULL
                    )
                    THEN 1
                  END
                ) > 0
                THEN FALSE
                WHEN COUNT(CASE WHEN `q3`.`c` THEN 1 END) = 0
                THEN FALSE
                WHEN MAX(CASE WHEN (
                  `q3`.`c`
                ) IS NULL THEN `q3`.`k` END) >= MAX(CASE WHEN `q3`.`c` THEN `q3`.`k` END)
                THEN FALSE
                ELSE TRUE
              END AS ok
            FROM (
              SELECT
                (
                  (
                    `t2`.`start_date`
                  ) < (
                    `t1`.`start_date`
                  )
                )
                AND (
                  NOT (
                    (
                      `t2`.`worker_id`
                    ) IS NULL
                  )
                ) AS c,
                `t2`.`start_date` AS k
              FROM `case_allocations` AS t2
              WHERE
                COALESCE(`t2`.`child_id`, `t2`.`child_id`) = `t1`.`child_id`
            ) AS q3
          ) AS pc5
            ON TRUE
          WHERE
            COALESCE(`t1`.`child_id`, `t1`.`child_id`) = (
              `s`.`child_id`
            )
            AND (
              (
                (
                  NOT (
                    (
                      `t1`.`worker_id`
                    ) IS NULL
                  )
                )
                AND (
                  CASE
                    WHEN (
                      (
                        `t1`.`start_date`
                      ) IS NULL
                    )
                    OR (
                      (
                        CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
                        `t1`.`start_date`
                      ) >= (
                        CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                      )
                    )
                    AND (
                      (
                        `t1`.`start_date`
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
                        `t6`.`worker_id`
                      FROM `case_allocations` AS t6
                      WHERE
                        `t6`.`_row` = (
                          CASE WHEN `pc5`.`ok` THEN `pk4`.`v` ELSE NULL END
                        )
                    ),
                    `t1`.`worker_id`
                  )
                ) <> (
                  `t1`.`worker_id`
                )
              )
            ) IS NULL
        )
        THEN NULL
        ELSE (
          SELECT
            COUNT(*)
          FROM (
            SELECT
              1 AS v
            FROM `case_allocations` AS t1
            LEFT JOIN LATERAL (
              SELECT
                MAX_BY(`t2`.`_row`, STRUCT((
                  `t2`.`start_date`
                ), -(
                  `t2`.`_row`
                ))) AS v
              FROM `case_allocations` AS t2
              WHERE
                COALESCE(`t2`.`child_id`, `t2`.`child_id`) = `t1`.`child_id`
                AND (
                  (
                    (
                      `t2`.`start_date`
                    ) < (
                      `t1`.`start_date`
                    )
                  )
                  AND (
                    NOT (
                      (
                        `t2`.`worker_id`
                      ) IS NULL
                    )
                  )
                )
            ) AS pk4
              ON TRUE
            LEFT JOIN LATERAL (
              SELECT
                CASE
                  WHEN COUNT(
                    CASE
                      WHEN (
                        (
                          `q3`.`c`
                        ) OR (
                          (
                            `q3`.`c`
                          ) IS NULL
                        )
                      )
                      AND (
                        (
                          `q3`.`k`
                        ) IS NULL
                      )
                      THEN 1
                    END
                  ) > 0
                  THEN FALSE
                  WHEN COUNT(CASE WHEN `q3`.`c` THEN 1 END) = 0
                  THEN FALSE
                  WHEN MAX(CASE WHEN (
                    `q3`.`c`
                  ) IS NULL THEN `q3`.`k` END) >= MAX(CASE WHEN `q3`.`c` THEN `q3`.`k` END)
                  THEN FALSE
                  ELSE TRUE
                END AS ok
              FROM (
                SELECT
                  (
                    (
                      `t2`.`start_date`
                    ) < (
                      `t1`.`start_date`
                    )
                  )
                  AND (
                    NOT (
                      (
                        `t2`.`worker_id`
                      ) IS NULL
                    )
                  ) AS c,
                  `t2`.`start_date` AS k
                FROM `case_allocations` AS t2
                WHERE
                  COALESCE(`t2`.`child_id`, `t2`.`child_id`) = `t1`.`child_id`
              ) AS q3
            ) AS pc5
              ON TRUE
            WHERE
              (
                COALESCE(`t1`.`child_id`, `t1`.`child_id`) = (
                  `s`.`child_id`
                )
              )
              AND (
                (
                  (
                    NOT (
                      (
                        `t1`.`worker_id`
                      ) IS NULL
                    )
                  )
                  AND (
                    CASE
                      WHEN (
                        (
                          `t1`.`start_date`
                        ) IS NULL
                      )
                      OR (
                        (
                          CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
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
                          `t1`.`start_date`
                        ) >= (
                          CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                        )
                      )
                      AND (
                        (
                          `t1`.`start_date`
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
                          `t6`.`worker_id`
                        FROM `case_allocations` AS t6
                        WHERE
                          `t6`.`_row` = (
                            CASE WHEN `pc5`.`ok` THEN `pk4`.`v` ELSE NULL END
                          )
                      ),
                      `t1`.`worker_id`
                    )
                  ) <> (
                    `t1`.`worker_id`
                  )
                )
              )
          ) AS q7
        )
      END
    ) <= (
      2
    ) AS `e1`,
    (
      SELECT
        CASE
          WHEN COUNT(CASE WHEN `q9`.`c` THEN 1 END) > 0
          THEN TRUE
          WHEN COUNT(CASE WHEN (
            `q9`.`c`
          ) IS NULL THEN 1 END) > 0
          THEN NULL
          ELSE FALSE
        END
      FROM (
        SELECT
          (
            (
              `t8`.`start_date`
            ) <= (
              CAST('2025-03-31' AS DATE)
            )
          )
          AND (
            (
              (
                `t8`.`end_date`
              ) IS NULL
            )
            OR (
              (
                `t8`.`end_date`
              ) > (
                CAST('2025-03-31' AS DATE)
              )
            )
          ) AS c
        FROM `case_allocations` AS t8
        WHERE
          COALESCE(`t8`.`child_id`, `t8`.`child_id`) = (
            `s`.`child_id`
          )
      ) AS q9
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- AUDIT-VIEWS-RECORDED: Audited cases record the child's wishes and feelings
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`views_recorded` AS `r_fail_1`,
  `s`.`audit_date` AS `r_fail_3`,
  `s`.`audit_date` AS `r_not_evidenced_1`
FROM (
  SELECT
    s.*,
    (
      `s`.`views_recorded`
    ) = (
      'yes'
    ) AS `e1`,
    (
      (
        `s`.`views_recorded`
      ) IS NULL
    )
    OR (
      (
        `s`.`views_recorded`
      ) <> (
        'not_applicable'
      )
    ) AS `e2`
  FROM `case_audits` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- AUDIT-IDENTITY-CONSIDERED: Audited cases consider the child's identity - ethnicity, culture, language and religion
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`identity_considered` AS `r_fail_1`,
  `s`.`audit_date` AS `r_fail_3`,
  `s`.`audit_date` AS `r_not_evidenced_1`
FROM (
  SELECT
    s.*,
    (
      `s`.`identity_considered`
    ) = (
      'yes'
    ) AS `e1`,
    (
      (
        `s`.`identity_considered`
      ) IS NULL
    )
    OR (
      (
        `s`.`identity_considered`
      ) <> (
        'not_applicable'
      )
    ) AS `e2`
  FROM `case_audits` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- AUDIT-FATHERS-INVOLVED: Audited cases identify and involve fathers and significant males
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`fathers_involved` AS `r_fail_1`,
  `s`.`audit_date` AS `r_fail_3`,
  `s`.`audit_date` AS `r_not_evidenced_1`
FROM (
  SELECT
    s.*,
    (
      `s`.`fathers_involved`
    ) = (
      'yes'
    ) AS `e1`,
    (
      (
        `s`.`fathers_involved`
      ) IS NULL
    )
    OR (
      (
        `s`.`fathers_involved`
      ) <> (
        'not_applicable'
      )
    ) AS `e2`
  FROM `case_audits` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- AUDIT-CHRONOLOGY: Audited cases have an up-to-date chronology
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`chronology_present` AS `r_fail_1`,
  `s`.`audit_date` AS `r_fail_3`,
  `s`.`audit_date` AS `r_not_evidenced_1`
FROM (
  SELECT
    s.*,
    (
      `s`.`chronology_present`
    ) = (
      'yes'
    ) AS `e1`,
    (
      (
        `s`.`chronology_present`
      ) IS NULL
    )
    OR (
      (
        `s`.`chronology_present`
      ) <> (
        'not_applicable'
      )
    ) AS `e2`
  FROM `case_audits` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- AUDIT-PLAN-SMART: Audited cases have plans with measurable outcomes, timescales and contingency
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`plan_smart` AS `r_fail_1`,
  `s`.`audit_date` AS `r_fail_3`,
  `s`.`audit_date` AS `r_not_evidenced_1`
FROM (
  SELECT
    s.*,
    (
      `s`.`plan_smart`
    ) = (
      'yes'
    ) AS `e1`,
    (
      (
        `s`.`plan_smart`
      ) IS NULL
    )
    OR (
      (
        `s`.`plan_smart`
      ) <> (
        'not_applicable'
      )
    ) AS `e2`
  FROM `case_audits` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- AUDIT-MANAGEMENT-OVERSIGHT: Audited cases show management oversight at key decision points
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`management_oversight` AS `r_fail_1`,
  `s`.`audit_date` AS `r_fail_3`,
  `s`.`audit_date` AS `r_not_evidenced_1`
FROM (
  SELECT
    s.*,
    (
      `s`.`management_oversight`
    ) = (
      'yes'
    ) AS `e1`,
    (
      (
        `s`.`management_oversight`
      ) IS NULL
    )
    OR (
      (
        `s`.`management_oversight`
      ) <> (
        'not_applicable'
      )
    ) AS `e2`
  FROM `case_audits` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- AUDIT-RISK-ANALYSIS: Audited cases analyse risk and protective factors
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN CASE
      WHEN (
        `s`.`e1`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e1`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e2` AS `_when`,
  `s`.`risk_analysis` AS `r_fail_1`,
  `s`.`audit_date` AS `r_fail_3`,
  `s`.`audit_date` AS `r_not_evidenced_1`
FROM (
  SELECT
    s.*,
    (
      `s`.`risk_analysis`
    ) = (
      'yes'
    ) AS `e1`,
    (
      (
        `s`.`risk_analysis`
      ) IS NULL
    )
    OR (
      (
        `s`.`risk_analysis`
      ) <> (
        'not_applicable'
      )
    ) AS `e2`
  FROM `case_audits` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- AUDIT-GRADE-GOOD: Audited cases are graded good or better
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e2`
    )
    THEN 'pass'
    WHEN NOT (
      `s`.`e2`
    )
    THEN 'fail'
    ELSE 'not_evidenced'
  END AS outcome,
  COALESCE(`s`.`moderated_grade`, `s`.`grade`) AS `r_fail_1`,
  `s`.`grade` AS `r_fail_3`,
  `s`.`moderated_grade` AS `r_fail_5`,
  `s`.`audit_date` AS `r_fail_7`,
  `s`.`audit_date` AS `r_not_evidenced_1`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        `s`.`e1`
      ) IS NULL
      THEN NULL
      ELSE (
        `s`.`e1`
      ) IN ('outstanding', 'good')
    END AS `e2`
  FROM (
    SELECT
      s.*,
      COALESCE(`s`.`moderated_grade`, `s`.`grade`) AS `e1`
    FROM `case_audits` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

