 pack ilacs (54 rules), as at 2025-03-31, dialect postgres
-- Tables: the Standard Safeguarding Dataset's tables as the council holds them (ssd_person, ssd_disability, ssd_immigration_status, ssd_contacts, ssd_cin_episodes, ssd_cin_assessments, ssd_s47_enquiry, ssd_initial_cp_conference, ssd_cp_plans, ssd_cp_reviews, ssd_cin_visits, ssd_cp_visits, ssd_cla_visits, ssd_cin_plans, ssd_cla_episodes, ssd_cla_placement, ssd_legal_status, ssd_cla_reviews, ssd_cla_health, ssd_care_leavers, ssd_missing, ssd_professionals, ssd_involvements), read through the
-- `ssd` binding (rules/bindings/ssd.yaml): each query makes the `csc` tables it reads
-- as common table expressions over them, so it needs only the right to read them.
-- A rule whose outcome turns on what the Standard Safeguarding Dataset has no place for is listed with why, not compiled.

-- CONTACT-DECISION-1WD: Contacts are decided within one working day
-- not decided on the Standard Safeguarding Dataset: it needs `contacts.decision_date`: the SSD does not record when a contact was decided (ssd_contacts has its date and outcome only)

-- REFERRAL-DECISION-1WD: Referrals are decided within one working day
-- not decided on the Standard Safeguarding Dataset: it needs `referrals.decision_date`: the SSD does not record when the decision on a referral was made

-- REFERRAL-NFA-SEEN: Referrals closed with no further action saw the child first
-- not decided on the Standard Safeguarding Dataset: it needs `referrals.child_seen`: the SSD does not record whether the child was seen before a referral closed

-- REREFERRAL-12M: Re-referrals within 12 months of a previous referral
WITH "children" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."date_of_birth" AS "date_of_birth",
    "v"."expected_date_of_birth" AS "expected_date_of_birth",
    "v"."sex" AS "sex",
    "v"."ethnicity" AS "ethnicity",
    "v"."disabled" AS "disabled",
    "v"."uasc" AS "uasc",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      p.pers_person_id AS "child_id",
      CAST(p.pers_dob AS DATE) AS "date_of_birth",
      CAST(p.pers_expected_dob AS DATE) AS "expected_date_of_birth",
      UPPER(p.pers_sex) AS "sex",
      UPPER(p.pers_ethnicity) AS "ethnicity",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id AND UPPER(d.disa_disability_code) <> 'NONE'
        )
        THEN TRUE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id
        )
        THEN FALSE
      END AS "disabled",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_immigration_status AS i
          WHERE
            i.immi_person_id = p.pers_person_id
            AND UPPER(i.immi_immigration_status) IN (
              'UASC',
              'UNACCOMPANIED ASYLUM SEEKING CHILD',
              'UNACCOMPANIED ASYLUM-SEEKING CHILD'
            )
        )
        THEN TRUE
        ELSE FALSE
      END AS "uasc"
    FROM ssd_person AS p
  ) AS v
), "referrals" AS (
  SELECT
    "v"."referral_id" AS "referral_id",
    "v"."child_id" AS "child_id",
    "v"."contact_id" AS "contact_id",
    "v"."date" AS "date",
    "v"."source" AS "source",
    "v"."decision_date" AS "decision_date",
    "v"."nfa" AS "nfa",
    "v"."child_seen" AS "child_seen",
    "v"."primary_need" AS "primary_need",
    "v"."closure_date" AS "closure_date",
    "v"."team" AS "team",
    "v"."referrals_last_12_months" AS "referrals_last_12_months",
    ROW_NUMBER() OVER (ORDER BY "v"."referral_id") AS "_row"
  FROM (
    SELECT
      r.cine_referral_id AS "referral_id",
      r.cine_person_id AS "child_id",
      CAST(NULL AS VARCHAR) AS "contact_id",
      CAST(r.cine_referral_date AS DATE) AS "date",
      UPPER(r.cine_referral_source_code) AS "source",
      CAST(NULL AS DATE) AS "decision_date",
      (
        CASE
          WHEN UPPER(r.cine_referral_nfa) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(r.cine_referral_nfa) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "nfa",
      CAST(NULL AS BOOLEAN) AS "child_seen",
      UPPER(r.cine_cin_primary_need_code) AS "primary_need",
      CAST(r.cine_close_date AS DATE) AS "closure_date",
      r.cine_referral_team AS "team",
      (
        SELECT
          COUNT(*)
        FROM ssd_cin_episodes AS q
        WHERE
          q.cine_person_id = r.cine_person_id
          AND q.cine_referral_date <= r.cine_referral_date
          AND q.cine_referral_date > (
            r.cine_referral_date + INTERVAL '-12 MONTH'
          )
      ) AS "referrals_last_12_months"
    FROM ssd_cin_episodes AS r
  ) AS v
)
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
                  CAST("s"."date" + INTERVAL '-12 MONTH' AS DATE)
                )
              END
            ) AS c
          FROM "referrals" AS t3
          WHERE
            "t3"."child_id" = (
              "s"."e2"
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
            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
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
            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
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
ORDER BY
  "s"."_row";

-- UNALLOCATED-CASES: Every open case has an allocated worker
WITH "children" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."date_of_birth" AS "date_of_birth",
    "v"."expected_date_of_birth" AS "expected_date_of_birth",
    "v"."sex" AS "sex",
    "v"."ethnicity" AS "ethnicity",
    "v"."disabled" AS "disabled",
    "v"."uasc" AS "uasc",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      p.pers_person_id AS "child_id",
      CAST(p.pers_dob AS DATE) AS "date_of_birth",
      CAST(p.pers_expected_dob AS DATE) AS "expected_date_of_birth",
      UPPER(p.pers_sex) AS "sex",
      UPPER(p.pers_ethnicity) AS "ethnicity",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id AND UPPER(d.disa_disability_code) <> 'NONE'
        )
        THEN TRUE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id
        )
        THEN FALSE
      END AS "disabled",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_immigration_status AS i
          WHERE
            i.immi_person_id = p.pers_person_id
            AND UPPER(i.immi_immigration_status) IN (
              'UASC',
              'UNACCOMPANIED ASYLUM SEEKING CHILD',
              'UNACCOMPANIED ASYLUM-SEEKING CHILD'
            )
        )
        THEN TRUE
        ELSE FALSE
      END AS "uasc"
    FROM ssd_person AS p
  ) AS v
), "case_allocations" AS (
  SELECT
    "v"."allocation_id" AS "allocation_id",
    "v"."child_id" AS "child_id",
    "v"."worker_id" AS "worker_id",
    "v"."team" AS "team",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    ROW_NUMBER() OVER (ORDER BY "v"."allocation_id") AS "_row"
  FROM (
    SELECT
      i.invo_involvements_id AS "allocation_id",
      i.invo_person_id AS "child_id",
      i.invo_professional_id AS "worker_id",
      i.invo_professional_team AS "team",
      CAST(i.invo_involvement_start_date AS DATE) AS "start_date",
      CAST(i.invo_involvement_end_date AS DATE) AS "end_date"
    FROM ssd_involvements AS i
  ) AS v
)
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
      ) AS q4
    ) AS "e2"
  FROM "children" AS s
) AS s
ORDER BY
  "s"."_row";

-- ALLOCATION-WAIT: Cases waiting for allocation wait no longer than the local standard
WITH "case_allocations" AS (
  SELECT
    "v"."allocation_id" AS "allocation_id",
    "v"."child_id" AS "child_id",
    "v"."worker_id" AS "worker_id",
    "v"."team" AS "team",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    ROW_NUMBER() OVER (ORDER BY "v"."allocation_id") AS "_row"
  FROM (
    SELECT
      i.invo_involvements_id AS "allocation_id",
      i.invo_person_id AS "child_id",
      i.invo_professional_id AS "worker_id",
      i.invo_professional_team AS "team",
      CAST(i.invo_involvement_start_date AS DATE) AS "start_date",
      CAST(i.invo_involvement_end_date AS DATE) AS "end_date"
    FROM ssd_involvements AS i
  ) AS v
)
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
    ELSE LEAST("s"."e1", CAST('2025-03-31' AS DATE))
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
    ELSE LEAST("s"."e1", CAST('2025-03-31' AS DATE))
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
          ELSE LEAST("s"."e1", CAST('2025-03-31' AS DATE))
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
ORDER BY
  "s"."_row";

-- CONTACT-MANAGER-OVERSIGHT: Contacts that lead to a referral record a manager's decision
-- not decided on the Standard Safeguarding Dataset: it needs `contacts.manager_oversight`: the SSD does not record management decisions on contacts; `contacts.outcome`: the SSD holds a contact's outcome as JSON flags (cont_contact_outcome_json), not one outcome; `referrals.contact_id`: the SSD does not link a CIN episode to the contact it came from

-- ASSESS-45WD: Assessments are completed within the timescale of the Working Together in force when they started
WITH "referrals" AS (
  SELECT
    "v"."referral_id" AS "referral_id",
    "v"."child_id" AS "child_id",
    "v"."contact_id" AS "contact_id",
    "v"."date" AS "date",
    "v"."source" AS "source",
    "v"."decision_date" AS "decision_date",
    "v"."nfa" AS "nfa",
    "v"."child_seen" AS "child_seen",
    "v"."primary_need" AS "primary_need",
    "v"."closure_date" AS "closure_date",
    "v"."team" AS "team",
    "v"."referrals_last_12_months" AS "referrals_last_12_months",
    ROW_NUMBER() OVER (ORDER BY "v"."referral_id") AS "_row"
  FROM (
    SELECT
      r.cine_referral_id AS "referral_id",
      r.cine_person_id AS "child_id",
      CAST(NULL AS VARCHAR) AS "contact_id",
      CAST(r.cine_referral_date AS DATE) AS "date",
      UPPER(r.cine_referral_source_code) AS "source",
      CAST(NULL AS DATE) AS "decision_date",
      (
        CASE
          WHEN UPPER(r.cine_referral_nfa) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(r.cine_referral_nfa) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "nfa",
      CAST(NULL AS BOOLEAN) AS "child_seen",
      UPPER(r.cine_cin_primary_need_code) AS "primary_need",
      CAST(r.cine_close_date AS DATE) AS "closure_date",
      r.cine_referral_team AS "team",
      (
        SELECT
          COUNT(*)
        FROM ssd_cin_episodes AS q
        WHERE
          q.cine_person_id = r.cine_person_id
          AND q.cine_referral_date <= r.cine_referral_date
          AND q.cine_referral_date > (
            r.cine_referral_date + INTERVAL '-12 MONTH'
          )
      ) AS "referrals_last_12_months"
    FROM ssd_cin_episodes AS r
  ) AS v
), "assessments" AS (
  SELECT
    "v"."assessment_id" AS "assessment_id",
    "v"."child_id" AS "child_id",
    "v"."referral_id" AS "referral_id",
    "v"."type" AS "type",
    "v"."start_date" AS "start_date",
    "v"."authorised_date" AS "authorised_date",
    "v"."child_seen" AS "child_seen",
    "v"."child_seen_alone" AS "child_seen_alone",
    "v"."worker_id" AS "worker_id",
    "v"."team" AS "team",
    "v"."requires_support" AS "requires_support",
    ROW_NUMBER() OVER (ORDER BY "v"."assessment_id") AS "_row"
  FROM (
    SELECT
      a.cina_assessment_id AS "assessment_id",
      a.cina_person_id AS "child_id",
      a.cina_referral_id AS "referral_id",
      'single' AS "type",
      CAST(a.cina_assessment_start_date AS DATE) AS "start_date",
      CAST(a.cina_assessment_auth_date AS DATE) AS "authorised_date",
      (
        CASE
          WHEN UPPER(a.cina_assessment_child_seen) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(a.cina_assessment_child_seen) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "child_seen",
      CAST(NULL AS BOOLEAN) AS "child_seen_alone",
      a.cina_assessment_worker_id AS "worker_id",
      a.cina_assessment_team AS "team",
      CASE
        WHEN (
          CASE
            WHEN UPPER(a.cina_assessment_outcome_nfa) IN ('Y', 'YES', '1', 'TRUE')
            THEN TRUE
            WHEN UPPER(a.cina_assessment_outcome_nfa) IN ('N', 'NO', '0', 'FALSE')
            THEN FALSE
          END
        )
        THEN FALSE
        WHEN NOT (
          CASE
            WHEN UPPER(a.cina_assessment_outcome_nfa) IN ('Y', 'YES', '1', 'TRUE')
            THEN TRUE
            WHEN UPPER(a.cina_assessment_outcome_nfa) IN ('N', 'NO', '0', 'FALSE')
            THEN FALSE
          END
        )
        THEN TRUE
      END AS "requires_support"
    FROM ssd_cin_assessments AS a
  ) AS v
)
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
ORDER BY
  "s"."_row";

-- ASSESS-CHILD-SEEN: The child is seen during the assessment
WITH "assessments" AS (
  SELECT
    "v"."assessment_id" AS "assessment_id",
    "v"."child_id" AS "child_id",
    "v"."referral_id" AS "referral_id",
    "v"."type" AS "type",
    "v"."start_date" AS "start_date",
    "v"."authorised_date" AS "authorised_date",
    "v"."child_seen" AS "child_seen",
    "v"."child_seen_alone" AS "child_seen_alone",
    "v"."worker_id" AS "worker_id",
    "v"."team" AS "team",
    "v"."requires_support" AS "requires_support",
    ROW_NUMBER() OVER (ORDER BY "v"."assessment_id") AS "_row"
  FROM (
    SELECT
      a.cina_assessment_id AS "assessment_id",
      a.cina_person_id AS "child_id",
      a.cina_referral_id AS "referral_id",
      'single' AS "type",
      CAST(a.cina_assessment_start_date AS DATE) AS "start_date",
      CAST(a.cina_assessment_auth_date AS DATE) AS "authorised_date",
      (
        CASE
          WHEN UPPER(a.cina_assessment_child_seen) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(a.cina_assessment_child_seen) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "child_seen",
      CAST(NULL AS BOOLEAN) AS "child_seen_alone",
      a.cina_assessment_worker_id AS "worker_id",
      a.cina_assessment_team AS "team",
      CASE
        WHEN (
          CASE
            WHEN UPPER(a.cina_assessment_outcome_nfa) IN ('Y', 'YES', '1', 'TRUE')
            THEN TRUE
            WHEN UPPER(a.cina_assessment_outcome_nfa) IN ('N', 'NO', '0', 'FALSE')
            THEN FALSE
          END
        )
        THEN FALSE
        WHEN NOT (
          CASE
            WHEN UPPER(a.cina_assessment_outcome_nfa) IN ('Y', 'YES', '1', 'TRUE')
            THEN TRUE
            WHEN UPPER(a.cina_assessment_outcome_nfa) IN ('N', 'NO', '0', 'FALSE')
            THEN FALSE
          END
        )
        THEN TRUE
      END AS "requires_support"
    FROM ssd_cin_assessments AS a
  ) AS v
)
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
ORDER BY
  "s"."_row";

-- ASSESS-SEEN-ALONE: The child is seen alone during the assessment
-- not decided on the Standard Safeguarding Dataset: it needs `assessments.child_seen_alone`: the SSD records whether the child was seen during an assessment, not whether alone

-- ASSESS-QUALIFIED-WORKER: Assessments are carried out by a qualified social worker
WITH "assessments" AS (
  SELECT
    "v"."assessment_id" AS "assessment_id",
    "v"."child_id" AS "child_id",
    "v"."referral_id" AS "referral_id",
    "v"."type" AS "type",
    "v"."start_date" AS "start_date",
    "v"."authorised_date" AS "authorised_date",
    "v"."child_seen" AS "child_seen",
    "v"."child_seen_alone" AS "child_seen_alone",
    "v"."worker_id" AS "worker_id",
    "v"."team" AS "team",
    "v"."requires_support" AS "requires_support",
    ROW_NUMBER() OVER (ORDER BY "v"."assessment_id") AS "_row"
  FROM (
    SELECT
      a.cina_assessment_id AS "assessment_id",
      a.cina_person_id AS "child_id",
      a.cina_referral_id AS "referral_id",
      'single' AS "type",
      CAST(a.cina_assessment_start_date AS DATE) AS "start_date",
      CAST(a.cina_assessment_auth_date AS DATE) AS "authorised_date",
      (
        CASE
          WHEN UPPER(a.cina_assessment_child_seen) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(a.cina_assessment_child_seen) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "child_seen",
      CAST(NULL AS BOOLEAN) AS "child_seen_alone",
      a.cina_assessment_worker_id AS "worker_id",
      a.cina_assessment_team AS "team",
      CASE
        WHEN (
          CASE
            WHEN UPPER(a.cina_assessment_outcome_nfa) IN ('Y', 'YES', '1', 'TRUE')
            THEN TRUE
            WHEN UPPER(a.cina_assessment_outcome_nfa) IN ('N', 'NO', '0', 'FALSE')
            THEN FALSE
          END
        )
        THEN FALSE
        WHEN NOT (
          CASE
            WHEN UPPER(a.cina_assessment_outcome_nfa) IN ('Y', 'YES', '1', 'TRUE')
            THEN TRUE
            WHEN UPPER(a.cina_assessment_outcome_nfa) IN ('N', 'NO', '0', 'FALSE')
            THEN FALSE
          END
        )
        THEN TRUE
      END AS "requires_support"
    FROM ssd_cin_assessments AS a
  ) AS v
), "social_workers" AS (
  SELECT
    "v"."worker_id" AS "worker_id",
    "v"."role" AS "role",
    "v"."qualified" AS "qualified",
    "v"."newly_qualified" AS "newly_qualified",
    "v"."team" AS "team",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    ROW_NUMBER() OVER (ORDER BY "v"."worker_id") AS "_row"
  FROM (
    SELECT
      w.prof_professional_id AS "worker_id",
      CAST(NULL AS VARCHAR) AS "role",
      CASE WHEN w.prof_social_worker_registration_no IS NULL THEN FALSE ELSE TRUE END AS "qualified",
      CAST(NULL AS BOOLEAN) AS "newly_qualified",
      w.prof_professional_department AS "team",
      CAST(NULL AS DATE) AS "start_date",
      CAST(NULL AS DATE) AS "end_date"
    FROM ssd_professionals AS w
  ) AS v
)
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
ORDER BY
  "s"."_row";

-- S47-STRATEGY-FIRST: A strategy discussion is held before every section 47 enquiry
-- not decided on the Standard Safeguarding Dataset: it needs table `strategy_discussions`, which the Standard Safeguarding Dataset has no place for; `s47_enquiries.strategy_id`: the SSD has no strategy discussions

-- STRATEGY-POLICE-HEALTH: Police and health take part in strategy discussions
-- not decided on the Standard Safeguarding Dataset: it needs table `strategy_discussions`, which the Standard Safeguarding Dataset has no place for

-- STRATEGY-TIMELY: Strategy discussions are held promptly after the referral
-- not decided on the Standard Safeguarding Dataset: it needs table `strategy_discussions`, which the Standard Safeguarding Dataset has no place for

-- ICPC-15WD: Initial child protection conferences are held within 15 working days of the strategy discussion
-- not decided on the Standard Safeguarding Dataset: it needs table `strategy_discussions`, which the Standard Safeguarding Dataset has no place for; `s47_enquiries.icpc_not_required`: the SSD does not record that an initial conference was not required; `s47_enquiries.strategy_id`: the SSD has no strategy discussions

-- S47-CORE-ASSESSMENT: Every section 47 enquiry is carried out through an assessment of the child
WITH "children" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."date_of_birth" AS "date_of_birth",
    "v"."expected_date_of_birth" AS "expected_date_of_birth",
    "v"."sex" AS "sex",
    "v"."ethnicity" AS "ethnicity",
    "v"."disabled" AS "disabled",
    "v"."uasc" AS "uasc",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      p.pers_person_id AS "child_id",
      CAST(p.pers_dob AS DATE) AS "date_of_birth",
      CAST(p.pers_expected_dob AS DATE) AS "expected_date_of_birth",
      UPPER(p.pers_sex) AS "sex",
      UPPER(p.pers_ethnicity) AS "ethnicity",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id AND UPPER(d.disa_disability_code) <> 'NONE'
        )
        THEN TRUE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id
        )
        THEN FALSE
      END AS "disabled",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_immigration_status AS i
          WHERE
            i.immi_person_id = p.pers_person_id
            AND UPPER(i.immi_immigration_status) IN (
              'UASC',
              'UNACCOMPANIED ASYLUM SEEKING CHILD',
              'UNACCOMPANIED ASYLUM-SEEKING CHILD'
            )
        )
        THEN TRUE
        ELSE FALSE
      END AS "uasc"
    FROM ssd_person AS p
  ) AS v
), "assessments" AS (
  SELECT
    "v"."assessment_id" AS "assessment_id",
    "v"."child_id" AS "child_id",
    "v"."referral_id" AS "referral_id",
    "v"."type" AS "type",
    "v"."start_date" AS "start_date",
    "v"."authorised_date" AS "authorised_date",
    "v"."child_seen" AS "child_seen",
    "v"."child_seen_alone" AS "child_seen_alone",
    "v"."worker_id" AS "worker_id",
    "v"."team" AS "team",
    "v"."requires_support" AS "requires_support",
    ROW_NUMBER() OVER (ORDER BY "v"."assessment_id") AS "_row"
  FROM (
    SELECT
      a.cina_assessment_id AS "assessment_id",
      a.cina_person_id AS "child_id",
      a.cina_referral_id AS "referral_id",
      'single' AS "type",
      CAST(a.cina_assessment_start_date AS DATE) AS "start_date",
      CAST(a.cina_assessment_auth_date AS DATE) AS "authorised_date",
      (
        CASE
          WHEN UPPER(a.cina_assessment_child_seen) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(a.cina_assessment_child_seen) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "child_seen",
      CAST(NULL AS BOOLEAN) AS "child_seen_alone",
      a.cina_assessment_worker_id AS "worker_id",
      a.cina_assessment_team AS "team",
      CASE
        WHEN (
          CASE
            WHEN UPPER(a.cina_assessment_outcome_nfa) IN ('Y', 'YES', '1', 'TRUE')
            THEN TRUE
            WHEN UPPER(a.cina_assessment_outcome_nfa) IN ('N', 'NO', '0', 'FALSE')
            THEN FALSE
          END
        )
        THEN FALSE
        WHEN NOT (
          CASE
            WHEN UPPER(a.cina_assessment_outcome_nfa) IN ('Y', 'YES', '1', 'TRUE')
            THEN TRUE
            WHEN UPPER(a.cina_assessment_outcome_nfa) IN ('N', 'NO', '0', 'FALSE')
            THEN FALSE
          END
        )
        THEN TRUE
      END AS "requires_support"
    FROM ssd_cin_assessments AS a
  ) AS v
), "s47_enquiries" AS (
  SELECT
    "v"."s47_id" AS "s47_id",
    "v"."child_id" AS "child_id",
    "v"."referral_id" AS "referral_id",
    "v"."strategy_id" AS "strategy_id",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    "v"."icpc_target_date" AS "icpc_target_date",
    "v"."icpc_not_required" AS "icpc_not_required",
    "v"."icpc_date" AS "icpc_date",
    "v"."worker_id" AS "worker_id",
    "v"."team" AS "team",
    ROW_NUMBER() OVER (ORDER BY "v"."s47_id") AS "_row"
  FROM (
    SELECT
      s.s47e_s47_enquiry_id AS "s47_id",
      s.s47e_person_id AS "child_id",
      s.s47e_referral_id AS "referral_id",
      CAST(NULL AS VARCHAR) AS "strategy_id",
      CAST(s.s47e_s47_start_date AS DATE) AS "start_date",
      CAST(s.s47e_s47_end_date AS DATE) AS "end_date",
      CAST(NULL AS DATE) AS "icpc_target_date",
      CAST(NULL AS BOOLEAN) AS "icpc_not_required",
      CAST((
        SELECT
          MIN(i.icpc_icpc_date)
        FROM ssd_initial_cp_conference AS i
        WHERE
          i.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id
      ) AS DATE) AS "icpc_date",
      s.s47e_s47_completed_by_worker_id AS "worker_id",
      s.s47e_s47_completed_by_team AS "team"
    FROM ssd_s47_enquiry AS s
  ) AS v
)
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
  "s"."start_date" AS "r_not_applicable_1",
  CAST('2025-03-31' AS DATE) AS "r_not_applicable_3",
  (
    8908
  ) - (
    "s"."e4"
  ) AS "r_not_applicable_5",
  "s"."start_date" AS "r_not_evidenced_1",
  "s"."child_id" AS "r_not_evidenced_3",
  "s"."start_date" AS "r_pass_1",
  "s"."end_date" AS "r_pass_3"
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
                      ELSE LEAST(COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
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
ORDER BY
  "s"."_row";

-- CORE-GROUP-10WD: The first core group meets within 10 working days of the initial conference
-- not decided on the Standard Safeguarding Dataset: it needs `cp_conferences.first_core_group_date`: the SSD does not record core group meetings

-- CP-REVIEW-TIMELY: Child protection review conferences are on time
WITH "cp_conferences" AS (
  SELECT
    "v"."conference_id" AS "conference_id",
    "v"."child_id" AS "child_id",
    "v"."s47_id" AS "s47_id",
    "v"."plan_id" AS "plan_id",
    "v"."type" AS "type",
    "v"."date" AS "date",
    "v"."plan_made" AS "plan_made",
    "v"."minutes_sent_date" AS "minutes_sent_date",
    "v"."first_core_group_date" AS "first_core_group_date",
    ROW_NUMBER() OVER (ORDER BY "v"."conference_id") AS "_row"
  FROM (
    SELECT
      i.icpc_icpc_id AS "conference_id",
      i.icpc_person_id AS "child_id",
      i.icpc_s47_enquiry_id AS "s47_id",
      i.icpc_cp_plan_id AS "plan_id",
      CASE
        WHEN (
          CASE
            WHEN UPPER(i.icpc_icpc_transfer_in) IN ('Y', 'YES', '1', 'TRUE')
            THEN TRUE
            WHEN UPPER(i.icpc_icpc_transfer_in) IN ('N', 'NO', '0', 'FALSE')
            THEN FALSE
          END
        )
        THEN 'transfer_in'
        ELSE 'initial'
      END AS "type",
      CAST(i.icpc_icpc_date AS DATE) AS "date",
      (
        CASE
          WHEN UPPER(i.icpc_icpc_outcome_cp_flag) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(i.icpc_icpc_outcome_cp_flag) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "plan_made",
      CAST(NULL AS DATE) AS "minutes_sent_date",
      CAST(NULL AS DATE) AS "first_core_group_date"
    FROM ssd_initial_cp_conference AS i
    UNION ALL
    SELECT
      v.cppr_cp_review_id AS "conference_id",
      v.cppr_person_id AS "child_id",
      NULL AS "s47_id",
      v.cppr_cp_plan_id AS "plan_id",
      'review' AS "type",
      CAST(v.cppr_cp_review_date AS DATE) AS "date",
      (
        CASE
          WHEN UPPER(v.cppr_cp_review_outcome_continue_cp) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cppr_cp_review_outcome_continue_cp) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "plan_made",
      CAST(NULL AS DATE) AS "minutes_sent_date",
      CAST(NULL AS DATE) AS "first_core_group_date"
    FROM ssd_cp_reviews AS v
    WHERE
      NOT v.cppr_cp_review_date IS NULL
  ) AS v
), "cp_plans" AS (
  SELECT
    "v"."plan_id" AS "plan_id",
    "v"."child_id" AS "child_id",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    "v"."initial_category" AS "initial_category",
    "v"."latest_category" AS "latest_category",
    "v"."previous_plans" AS "previous_plans",
    "v"."team" AS "team",
    ROW_NUMBER() OVER (ORDER BY "v"."plan_id") AS "_row"
  FROM (
    SELECT
      c.cppl_cp_plan_id AS "plan_id",
      c.cppl_person_id AS "child_id",
      CAST(c.cppl_cp_plan_start_date AS DATE) AS "start_date",
      CAST(c.cppl_cp_plan_end_date AS DATE) AS "end_date",
      UPPER(c.cppl_cp_plan_initial_category) AS "initial_category",
      UPPER(c.cppl_cp_plan_latest_category) AS "latest_category",
      (
        SELECT
          COUNT(*)
        FROM ssd_cp_plans AS q
        WHERE
          q.cppl_person_id = c.cppl_person_id
          AND q.cppl_cp_plan_start_date < c.cppl_cp_plan_start_date
      ) AS "previous_plans",
      CAST(NULL AS VARCHAR) AS "team"
    FROM ssd_cp_plans AS c
  ) AS v
)
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
  COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) AS "r_pass_5"
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
              CAST("s"."e4" + INTERVAL '3 MONTH' AS DATE)
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
              CAST("s"."e4" + INTERVAL '6 MONTH' AS DATE)
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
          ELSE LEAST(COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
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
                CAST("q3"."prev" + INTERVAL '3 MONTH' AS DATE)
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
                CAST("q3"."prev" + INTERVAL '6 MONTH' AS DATE)
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
                  ELSE LEAST(COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
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
ORDER BY
  "s"."_row";

-- CP-SEEN-ALONE: Children on plans were seen alone at their latest statutory visit
WITH "children" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."date_of_birth" AS "date_of_birth",
    "v"."expected_date_of_birth" AS "expected_date_of_birth",
    "v"."sex" AS "sex",
    "v"."ethnicity" AS "ethnicity",
    "v"."disabled" AS "disabled",
    "v"."uasc" AS "uasc",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      p.pers_person_id AS "child_id",
      CAST(p.pers_dob AS DATE) AS "date_of_birth",
      CAST(p.pers_expected_dob AS DATE) AS "expected_date_of_birth",
      UPPER(p.pers_sex) AS "sex",
      UPPER(p.pers_ethnicity) AS "ethnicity",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id AND UPPER(d.disa_disability_code) <> 'NONE'
        )
        THEN TRUE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id
        )
        THEN FALSE
      END AS "disabled",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_immigration_status AS i
          WHERE
            i.immi_person_id = p.pers_person_id
            AND UPPER(i.immi_immigration_status) IN (
              'UASC',
              'UNACCOMPANIED ASYLUM SEEKING CHILD',
              'UNACCOMPANIED ASYLUM-SEEKING CHILD'
            )
        )
        THEN TRUE
        ELSE FALSE
      END AS "uasc"
    FROM ssd_person AS p
  ) AS v
), "cp_plans" AS (
  SELECT
    "v"."plan_id" AS "plan_id",
    "v"."child_id" AS "child_id",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    "v"."initial_category" AS "initial_category",
    "v"."latest_category" AS "latest_category",
    "v"."previous_plans" AS "previous_plans",
    "v"."team" AS "team",
    ROW_NUMBER() OVER (ORDER BY "v"."plan_id") AS "_row"
  FROM (
    SELECT
      c.cppl_cp_plan_id AS "plan_id",
      c.cppl_person_id AS "child_id",
      CAST(c.cppl_cp_plan_start_date AS DATE) AS "start_date",
      CAST(c.cppl_cp_plan_end_date AS DATE) AS "end_date",
      UPPER(c.cppl_cp_plan_initial_category) AS "initial_category",
      UPPER(c.cppl_cp_plan_latest_category) AS "latest_category",
      (
        SELECT
          COUNT(*)
        FROM ssd_cp_plans AS q
        WHERE
          q.cppl_person_id = c.cppl_person_id
          AND q.cppl_cp_plan_start_date < c.cppl_cp_plan_start_date
      ) AS "previous_plans",
      CAST(NULL AS VARCHAR) AS "team"
    FROM ssd_cp_plans AS c
  ) AS v
), "visits" AS (
  SELECT
    "v"."visit_id" AS "visit_id",
    "v"."child_id" AS "child_id",
    "v"."worker_id" AS "worker_id",
    "v"."type" AS "type",
    "v"."date" AS "date",
    "v"."seen" AS "seen",
    "v"."seen_alone" AS "seen_alone",
    ROW_NUMBER() OVER (ORDER BY "v"."visit_id") AS "_row"
  FROM (
    SELECT
      v.cinv_cin_visit_id AS "visit_id",
      v.cinv_person_id AS "child_id",
      CAST(NULL AS VARCHAR) AS "worker_id",
      'cin' AS "type",
      CAST(v.cinv_cin_visit_date AS DATE) AS "date",
      (
        CASE
          WHEN UPPER(v.cinv_cin_visit_seen) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cinv_cin_visit_seen) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen",
      (
        CASE
          WHEN UPPER(v.cinv_cin_visit_seen_alone) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cinv_cin_visit_seen_alone) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen_alone"
    FROM ssd_cin_visits AS v
    UNION ALL
    SELECT
      v.cppv_cp_visit_id AS "visit_id",
      v.cppv_person_id AS "child_id",
      CAST(NULL AS VARCHAR) AS "worker_id",
      'cp' AS "type",
      CAST(v.cppv_cp_visit_date AS DATE) AS "date",
      (
        CASE
          WHEN UPPER(v.cppv_cp_visit_seen) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cppv_cp_visit_seen) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen",
      (
        CASE
          WHEN UPPER(v.cppv_cp_visit_seen_alone) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cppv_cp_visit_seen_alone) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen_alone"
    FROM ssd_cp_visits AS v
    UNION ALL
    SELECT
      v.clav_cla_visit_id AS "visit_id",
      v.clav_person_id AS "child_id",
      CAST(NULL AS VARCHAR) AS "worker_id",
      'lac' AS "type",
      CAST(v.clav_cla_visit_date AS DATE) AS "date",
      (
        CASE
          WHEN UPPER(v.clav_cla_visit_seen) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.clav_cla_visit_seen) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen",
      (
        CASE
          WHEN UPPER(v.clav_cla_visit_seen_alone) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.clav_cla_visit_seen_alone) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen_alone"
    FROM ssd_cla_visits AS v
  ) AS v
)
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
      EXTRACT(YEAR FROM CAST('2025-03-31' AS DATE)) - EXTRACT(YEAR FROM "s"."e6")
    ) - CASE
      WHEN (
        EXTRACT(MONTH FROM CAST('2025-03-31' AS DATE)) * 100 + EXTRACT(DAY FROM CAST('2025-03-31' AS DATE))
      ) < (
        EXTRACT(MONTH FROM "s"."e6") * 100 + EXTRACT(DAY FROM "s"."e6")
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
      "j5"."seen_alone" AS "e4",
      "j5"."date" AS "e9"
    FROM (
      SELECT
        s.*,
        CASE
          WHEN (
            "s"."e1"
          ) IS NULL
          THEN NULL
          WHEN (
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
                THEN FALSE
                WHEN COUNT(CASE WHEN "q4"."c" THEN 1 END) = 0
                THEN FALSE
                WHEN MAX(CASE WHEN (
                  "q4"."c"
                ) IS NULL THEN "q4"."k" END) >= MAX(CASE WHEN "q4"."c" THEN "q4"."k" END)
                THEN FALSE
                ELSE TRUE
              END AS ok
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
                "t3"."date" AS k
              FROM "visits" AS t3
              WHERE
                "t3"."child_id" = (
                  "s"."e2"
                )
            ) AS q4
          )
          THEN (
            SELECT
              "t3"."_row" AS v
            FROM "visits" AS t3
            WHERE
              "t3"."child_id" = (
                "s"."e2"
              )
              AND (
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
                )
              )
            ORDER BY
              (
                "t3"."date"
              ) DESC NULLS LAST,
              (
                "t3"."_row"
              )
            LIMIT 1
          )
          ELSE NULL
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
                  EXTRACT(YEAR FROM CAST('2025-03-31' AS DATE)) - EXTRACT(YEAR FROM "s"."e6")
                ) - CASE
                  WHEN (
                    EXTRACT(MONTH FROM CAST('2025-03-31' AS DATE)) * 100 + EXTRACT(DAY FROM CAST('2025-03-31' AS DATE))
                  ) < (
                    EXTRACT(MONTH FROM "s"."e6") * 100 + EXTRACT(DAY FROM "s"."e6")
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
    LEFT JOIN "visits" AS j5
      ON "j5"."_row" = (
        "s"."e3"
      )
  ) AS s
) AS s
ORDER BY
  "s"."_row";

-- CP-VISIT-10WD: Children on plans have a statutory visit at least as often as the local standard
WITH "children" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."date_of_birth" AS "date_of_birth",
    "v"."expected_date_of_birth" AS "expected_date_of_birth",
    "v"."sex" AS "sex",
    "v"."ethnicity" AS "ethnicity",
    "v"."disabled" AS "disabled",
    "v"."uasc" AS "uasc",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      p.pers_person_id AS "child_id",
      CAST(p.pers_dob AS DATE) AS "date_of_birth",
      CAST(p.pers_expected_dob AS DATE) AS "expected_date_of_birth",
      UPPER(p.pers_sex) AS "sex",
      UPPER(p.pers_ethnicity) AS "ethnicity",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id AND UPPER(d.disa_disability_code) <> 'NONE'
        )
        THEN TRUE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id
        )
        THEN FALSE
      END AS "disabled",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_immigration_status AS i
          WHERE
            i.immi_person_id = p.pers_person_id
            AND UPPER(i.immi_immigration_status) IN (
              'UASC',
              'UNACCOMPANIED ASYLUM SEEKING CHILD',
              'UNACCOMPANIED ASYLUM-SEEKING CHILD'
            )
        )
        THEN TRUE
        ELSE FALSE
      END AS "uasc"
    FROM ssd_person AS p
  ) AS v
), "cp_plans" AS (
  SELECT
    "v"."plan_id" AS "plan_id",
    "v"."child_id" AS "child_id",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    "v"."initial_category" AS "initial_category",
    "v"."latest_category" AS "latest_category",
    "v"."previous_plans" AS "previous_plans",
    "v"."team" AS "team",
    ROW_NUMBER() OVER (ORDER BY "v"."plan_id") AS "_row"
  FROM (
    SELECT
      c.cppl_cp_plan_id AS "plan_id",
      c.cppl_person_id AS "child_id",
      CAST(c.cppl_cp_plan_start_date AS DATE) AS "start_date",
      CAST(c.cppl_cp_plan_end_date AS DATE) AS "end_date",
      UPPER(c.cppl_cp_plan_initial_category) AS "initial_category",
      UPPER(c.cppl_cp_plan_latest_category) AS "latest_category",
      (
        SELECT
          COUNT(*)
        FROM ssd_cp_plans AS q
        WHERE
          q.cppl_person_id = c.cppl_person_id
          AND q.cppl_cp_plan_start_date < c.cppl_cp_plan_start_date
      ) AS "previous_plans",
      CAST(NULL AS VARCHAR) AS "team"
    FROM ssd_cp_plans AS c
  ) AS v
), "visits" AS (
  SELECT
    "v"."visit_id" AS "visit_id",
    "v"."child_id" AS "child_id",
    "v"."worker_id" AS "worker_id",
    "v"."type" AS "type",
    "v"."date" AS "date",
    "v"."seen" AS "seen",
    "v"."seen_alone" AS "seen_alone",
    ROW_NUMBER() OVER (ORDER BY "v"."visit_id") AS "_row"
  FROM (
    SELECT
      v.cinv_cin_visit_id AS "visit_id",
      v.cinv_person_id AS "child_id",
      CAST(NULL AS VARCHAR) AS "worker_id",
      'cin' AS "type",
      CAST(v.cinv_cin_visit_date AS DATE) AS "date",
      (
        CASE
          WHEN UPPER(v.cinv_cin_visit_seen) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cinv_cin_visit_seen) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen",
      (
        CASE
          WHEN UPPER(v.cinv_cin_visit_seen_alone) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cinv_cin_visit_seen_alone) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen_alone"
    FROM ssd_cin_visits AS v
    UNION ALL
    SELECT
      v.cppv_cp_visit_id AS "visit_id",
      v.cppv_person_id AS "child_id",
      CAST(NULL AS VARCHAR) AS "worker_id",
      'cp' AS "type",
      CAST(v.cppv_cp_visit_date AS DATE) AS "date",
      (
        CASE
          WHEN UPPER(v.cppv_cp_visit_seen) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cppv_cp_visit_seen) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen",
      (
        CASE
          WHEN UPPER(v.cppv_cp_visit_seen_alone) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cppv_cp_visit_seen_alone) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen_alone"
    FROM ssd_cp_visits AS v
    UNION ALL
    SELECT
      v.clav_cla_visit_id AS "visit_id",
      v.clav_person_id AS "child_id",
      CAST(NULL AS VARCHAR) AS "worker_id",
      'lac' AS "type",
      CAST(v.clav_cla_visit_date AS DATE) AS "date",
      (
        CASE
          WHEN UPPER(v.clav_cla_visit_seen) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.clav_cla_visit_seen) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen",
      (
        CASE
          WHEN UPPER(v.clav_cla_visit_seen_alone) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.clav_cla_visit_seen_alone) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen_alone"
    FROM ssd_cla_visits AS v
  ) AS v
)
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
ORDER BY
  "s"."_row";

-- CP-REPEAT-PLAN: Children becoming the subject of a plan for a second or subsequent time (ever)
WITH "cp_plans" AS (
  SELECT
    "v"."plan_id" AS "plan_id",
    "v"."child_id" AS "child_id",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    "v"."initial_category" AS "initial_category",
    "v"."latest_category" AS "latest_category",
    "v"."previous_plans" AS "previous_plans",
    "v"."team" AS "team",
    ROW_NUMBER() OVER (ORDER BY "v"."plan_id") AS "_row"
  FROM (
    SELECT
      c.cppl_cp_plan_id AS "plan_id",
      c.cppl_person_id AS "child_id",
      CAST(c.cppl_cp_plan_start_date AS DATE) AS "start_date",
      CAST(c.cppl_cp_plan_end_date AS DATE) AS "end_date",
      UPPER(c.cppl_cp_plan_initial_category) AS "initial_category",
      UPPER(c.cppl_cp_plan_latest_category) AS "latest_category",
      (
        SELECT
          COUNT(*)
        FROM ssd_cp_plans AS q
        WHERE
          q.cppl_person_id = c.cppl_person_id
          AND q.cppl_cp_plan_start_date < c.cppl_cp_plan_start_date
      ) AS "previous_plans",
      CAST(NULL AS VARCHAR) AS "team"
    FROM ssd_cp_plans AS c
  ) AS v
)
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
          CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
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
          CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
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
ORDER BY
  "s"."_row";

-- CP-REPEAT-PLAN-2Y: Children becoming the subject of a plan again within 2 years of a previous plan
WITH "children" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."date_of_birth" AS "date_of_birth",
    "v"."expected_date_of_birth" AS "expected_date_of_birth",
    "v"."sex" AS "sex",
    "v"."ethnicity" AS "ethnicity",
    "v"."disabled" AS "disabled",
    "v"."uasc" AS "uasc",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      p.pers_person_id AS "child_id",
      CAST(p.pers_dob AS DATE) AS "date_of_birth",
      CAST(p.pers_expected_dob AS DATE) AS "expected_date_of_birth",
      UPPER(p.pers_sex) AS "sex",
      UPPER(p.pers_ethnicity) AS "ethnicity",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id AND UPPER(d.disa_disability_code) <> 'NONE'
        )
        THEN TRUE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id
        )
        THEN FALSE
      END AS "disabled",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_immigration_status AS i
          WHERE
            i.immi_person_id = p.pers_person_id
            AND UPPER(i.immi_immigration_status) IN (
              'UASC',
              'UNACCOMPANIED ASYLUM SEEKING CHILD',
              'UNACCOMPANIED ASYLUM-SEEKING CHILD'
            )
        )
        THEN TRUE
        ELSE FALSE
      END AS "uasc"
    FROM ssd_person AS p
  ) AS v
), "cp_plans" AS (
  SELECT
    "v"."plan_id" AS "plan_id",
    "v"."child_id" AS "child_id",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    "v"."initial_category" AS "initial_category",
    "v"."latest_category" AS "latest_category",
    "v"."previous_plans" AS "previous_plans",
    "v"."team" AS "team",
    ROW_NUMBER() OVER (ORDER BY "v"."plan_id") AS "_row"
  FROM (
    SELECT
      c.cppl_cp_plan_id AS "plan_id",
      c.cppl_person_id AS "child_id",
      CAST(c.cppl_cp_plan_start_date AS DATE) AS "start_date",
      CAST(c.cppl_cp_plan_end_date AS DATE) AS "end_date",
      UPPER(c.cppl_cp_plan_initial_category) AS "initial_category",
      UPPER(c.cppl_cp_plan_latest_category) AS "latest_category",
      (
        SELECT
          COUNT(*)
        FROM ssd_cp_plans AS q
        WHERE
          q.cppl_person_id = c.cppl_person_id
          AND q.cppl_cp_plan_start_date < c.cppl_cp_plan_start_date
      ) AS "previous_plans",
      CAST(NULL AS VARCHAR) AS "team"
    FROM ssd_cp_plans AS c
  ) AS v
)
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
                CAST("s"."start_date" + INTERVAL '-24 MONTH' AS DATE)
              )
            ) AS c
          FROM "cp_plans" AS t3
          WHERE
            "t3"."child_id" = (
              "s"."e2"
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
            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
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
            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
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
ORDER BY
  "s"."_row";

-- CP-MINUTES-TIMELY: Child protection conference minutes are sent within the local standard
-- not decided on the Standard Safeguarding Dataset: it needs `cp_conferences.minutes_sent_date`: the SSD does not record when conference minutes were sent

-- LAC-REVIEW-TIMELY: Looked-after reviews are on time
WITH "care_periods" AS (
  SELECT
    "v"."period_id" AS "period_id",
    "v"."child_id" AS "child_id",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    "v"."legal_status" AS "legal_status",
    "v"."placement_type" AS "placement_type",
    "v"."placement_start_date" AS "placement_start_date",
    "v"."placement_long_term" AS "placement_long_term",
    "v"."placements_last_12_months" AS "placements_last_12_months",
    "v"."placement_basis" AS "placement_basis",
    "v"."care_plan_date" AS "care_plan_date",
    "v"."worker_id" AS "worker_id",
    "v"."team" AS "team",
    "v"."iro_visit_date" AS "iro_visit_date",
    "v"."dental_check_date" AS "dental_check_date",
    "v"."missing_episodes_12m" AS "missing_episodes_12m",
    "v"."absent_episodes_12m" AS "absent_episodes_12m",
    "v"."return_interview_offered" AS "return_interview_offered",
    "v"."return_interview_accepted" AS "return_interview_accepted",
    "v"."health_check_up_to_date" AS "health_check_up_to_date",
    "v"."dental_check_up_to_date" AS "dental_check_up_to_date",
    "v"."immunisations_up_to_date" AS "immunisations_up_to_date",
    ROW_NUMBER() OVER (ORDER BY "v"."period_id") AS "_row"
  FROM (
    SELECT
      cp.period_id AS "period_id",
      cp.child_id AS "child_id",
      CAST(cp.start_date AS DATE) AS "start_date",
      CAST(cp.end_date AS DATE) AS "end_date",
      ls.legal_status AS "legal_status",
      pl.placement_type AS "placement_type",
      CAST(pl.start_date AS DATE) AS "placement_start_date",
      CASE
        WHEN pl.placement_type IN ('U1', 'U4')
        THEN TRUE
        WHEN pl.placement_type IN ('U2', 'U3', 'U5', 'U6')
        THEN FALSE
      END AS "placement_long_term",
      (
        SELECT
          COUNT(*)
        FROM ssd_cla_placement AS q
        WHERE
          q.clap_cla_id = cp.period_id
          AND (
            q.clap_cla_placement_type IS NULL
            OR NOT UPPER(q.clap_cla_placement_type) IN ('T0', 'T1', 'T2', 'T3', 'T4')
          )
          AND q.clap_cla_placement_start_date <= COALESCE(cp.end_date, CAST('2025-03-31' AS DATE))
          AND (
            q.clap_cla_placement_end_date IS NULL
            OR q.clap_cla_placement_end_date > (
              COALESCE(cp.end_date, CAST('2025-03-31' AS DATE)) + INTERVAL '-12 MONTH'
            )
          )
      ) AS "placements_last_12_months",
      CAST(NULL AS VARCHAR) AS "placement_basis",
      CAST(NULL AS DATE) AS "care_plan_date",
      CAST(NULL AS VARCHAR) AS "worker_id",
      CAST(NULL AS VARCHAR) AS "team",
      CAST(cp.iro_visit_date AS DATE) AS "iro_visit_date",
      CAST((
        SELECT
          MAX(h.clah_health_check_date)
        FROM ssd_cla_health AS h
        WHERE
          h.clah_person_id = cp.child_id
          AND UPPER(h.clah_health_check_type) LIKE '%DENTAL%'
          AND h.clah_health_check_date >= cp.start_date
          AND (
            cp.end_date IS NULL OR h.clah_health_check_date <= cp.end_date
          )
      ) AS DATE) AS "dental_check_date",
      CAST(NULL AS BIGINT) AS "missing_episodes_12m",
      CAST(NULL AS BIGINT) AS "absent_episodes_12m",
      CAST(NULL AS BOOLEAN) AS "return_interview_offered",
      CAST(NULL AS BOOLEAN) AS "return_interview_accepted",
      CAST(NULL AS BOOLEAN) AS "health_check_up_to_date",
      CAST(NULL AS BOOLEAN) AS "dental_check_up_to_date",
      CAST(NULL AS BOOLEAN) AS "immunisations_up_to_date"
    FROM (
      SELECT
        e.clae_cla_id AS "period_id",
        e.clae_person_id AS "child_id",
        MIN(e.clae_cla_episode_start_date) AS "start_date",
        CASE
          WHEN COUNT(*) = COUNT(e.clae_cla_episode_ceased_date)
          THEN MAX(e.clae_cla_episode_ceased_date)
        END AS "end_date",
        MAX(e.clae_cla_last_iro_contact_date) AS "iro_visit_date"
      FROM ssd_cla_episodes AS e
      GROUP BY
        e.clae_cla_id,
        e.clae_person_id
    ) AS cp
    LEFT JOIN (
      SELECT
        p.clap_cla_id AS "cla_id",
        UPPER(p.clap_cla_placement_type) AS "placement_type",
        p.clap_cla_placement_start_date AS "start_date",
        ROW_NUMBER() OVER (
          PARTITION BY p.clap_cla_id
          ORDER BY p.clap_cla_placement_start_date DESC NULLS LAST, p.clap_cla_placement_id DESC NULLS LAST
        ) AS "latest"
      FROM ssd_cla_placement AS p
      WHERE
        p.clap_cla_placement_type IS NULL
        OR NOT UPPER(p.clap_cla_placement_type) IN ('T0', 'T1', 'T2', 'T3', 'T4')
    ) AS pl
      ON pl.cla_id = cp.period_id AND pl.latest = 1
    LEFT JOIN (
      SELECT
        cp.period_id AS "period_id",
        UPPER(l.lega_legal_status) AS "legal_status",
        ROW_NUMBER() OVER (
          PARTITION BY cp.period_id
          ORDER BY l.lega_legal_status_start_date DESC NULLS LAST, l.lega_legal_status_id DESC NULLS LAST
        ) AS "latest"
      FROM (
        SELECT
          e.clae_cla_id AS "period_id",
          e.clae_person_id AS "child_id",
          MIN(e.clae_cla_episode_start_date) AS "start_date",
          CASE
            WHEN COUNT(*) = COUNT(e.clae_cla_episode_ceased_date)
            THEN MAX(e.clae_cla_episode_ceased_date)
          END AS "end_date",
          MAX(e.clae_cla_last_iro_contact_date) AS "iro_visit_date"
        FROM ssd_cla_episodes AS e
        GROUP BY
          e.clae_cla_id,
          e.clae_person_id
      ) AS cp
      JOIN ssd_legal_status AS l
        ON l.lega_person_id = cp.child_id
        AND l.lega_legal_status_start_date <= COALESCE(cp.end_date, CAST('9999-12-31' AS DATE))
    ) AS ls
      ON ls.period_id = cp.period_id AND ls.latest = 1
  ) AS v
), "lac_reviews" AS (
  SELECT
    "v"."review_id" AS "review_id",
    "v"."child_id" AS "child_id",
    "v"."period_id" AS "period_id",
    "v"."date" AS "date",
    "v"."child_participated" AS "child_participated",
    ROW_NUMBER() OVER (ORDER BY "v"."review_id") AS "_row"
  FROM (
    SELECT
      r.clar_cla_review_id AS "review_id",
      cp.child_id AS "child_id",
      r.clar_cla_id AS "period_id",
      CAST(r.clar_cla_review_date AS DATE) AS "date",
      CASE
        WHEN UPPER(r.clar_cla_review_participation) IN ('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6')
        THEN TRUE
        WHEN UPPER(r.clar_cla_review_participation) = 'PN7'
        THEN FALSE
      END AS "child_participated"
    FROM ssd_cla_reviews AS r
    LEFT JOIN (
      SELECT
        e.clae_cla_id AS "period_id",
        e.clae_person_id AS "child_id",
        MIN(e.clae_cla_episode_start_date) AS "start_date",
        CASE
          WHEN COUNT(*) = COUNT(e.clae_cla_episode_ceased_date)
          THEN MAX(e.clae_cla_episode_ceased_date)
        END AS "end_date",
        MAX(e.clae_cla_last_iro_contact_date) AS "iro_visit_date"
      FROM ssd_cla_episodes AS e
      GROUP BY
        e.clae_cla_id,
        e.clae_person_id
    ) AS cp
      ON cp.period_id = r.clar_cla_id
    WHERE
      NOT r.clar_cla_review_date IS NULL
      AND (
        r.clar_cla_review_cancelled IS NULL
        OR NOT (
          CASE
            WHEN UPPER(r.clar_cla_review_cancelled) IN ('Y', 'YES', '1', 'TRUE')
            THEN TRUE
            WHEN UPPER(r.clar_cla_review_cancelled) IN ('N', 'NO', '0', 'FALSE')
            THEN FALSE
          END
        )
      )
  ) AS v
)
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
  "s"."legal_status" AS "r_not_applicable_5"
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
              CAST("s"."e4" + INTERVAL '3 MONTH' AS DATE)
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
              CAST("s"."e4" + INTERVAL '6 MONTH' AS DATE)
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
            ELSE LEAST(COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
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
                  CAST("q3"."prev" + INTERVAL '3 MONTH' AS DATE)
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
                  CAST("q3"."prev" + INTERVAL '6 MONTH' AS DATE)
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
                    ELSE LEAST(COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)), CAST('2025-03-31' AS DATE))
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
ORDER BY
  "s"."_row";

-- LAC-VISIT-TIMELY: Children in care are visited within the regulation 28 timescales
-- not decided on the Standard Safeguarding Dataset: it needs `care_periods.placement_basis`: the SSD does not record whether a placement is under regulation 19 or 24 (the weekly visiting regimes of regulation 28(3)-(4))

-- LAC-HEALTH-TIMELY: Children in care have an up-to-date health assessment
WITH "children" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."date_of_birth" AS "date_of_birth",
    "v"."expected_date_of_birth" AS "expected_date_of_birth",
    "v"."sex" AS "sex",
    "v"."ethnicity" AS "ethnicity",
    "v"."disabled" AS "disabled",
    "v"."uasc" AS "uasc",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      p.pers_person_id AS "child_id",
      CAST(p.pers_dob AS DATE) AS "date_of_birth",
      CAST(p.pers_expected_dob AS DATE) AS "expected_date_of_birth",
      UPPER(p.pers_sex) AS "sex",
      UPPER(p.pers_ethnicity) AS "ethnicity",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id AND UPPER(d.disa_disability_code) <> 'NONE'
        )
        THEN TRUE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id
        )
        THEN FALSE
      END AS "disabled",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_immigration_status AS i
          WHERE
            i.immi_person_id = p.pers_person_id
            AND UPPER(i.immi_immigration_status) IN (
              'UASC',
              'UNACCOMPANIED ASYLUM SEEKING CHILD',
              'UNACCOMPANIED ASYLUM-SEEKING CHILD'
            )
        )
        THEN TRUE
        ELSE FALSE
      END AS "uasc"
    FROM ssd_person AS p
  ) AS v
), "care_periods" AS (
  SELECT
    "v"."period_id" AS "period_id",
    "v"."child_id" AS "child_id",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    "v"."legal_status" AS "legal_status",
    "v"."placement_type" AS "placement_type",
    "v"."placement_start_date" AS "placement_start_date",
    "v"."placement_long_term" AS "placement_long_term",
    "v"."placements_last_12_months" AS "placements_last_12_months",
    "v"."placement_basis" AS "placement_basis",
    "v"."care_plan_date" AS "care_plan_date",
    "v"."worker_id" AS "worker_id",
    "v"."team" AS "team",
    "v"."iro_visit_date" AS "iro_visit_date",
    "v"."dental_check_date" AS "dental_check_date",
    "v"."missing_episodes_12m" AS "missing_episodes_12m",
    "v"."absent_episodes_12m" AS "absent_episodes_12m",
    "v"."return_interview_offered" AS "return_interview_offered",
    "v"."return_interview_accepted" AS "return_interview_accepted",
    "v"."health_check_up_to_date" AS "health_check_up_to_date",
    "v"."dental_check_up_to_date" AS "dental_check_up_to_date",
    "v"."immunisations_up_to_date" AS "immunisations_up_to_date",
    ROW_NUMBER() OVER (ORDER BY "v"."period_id") AS "_row"
  FROM (
    SELECT
      cp.period_id AS "period_id",
      cp.child_id AS "child_id",
      CAST(cp.start_date AS DATE) AS "start_date",
      CAST(cp.end_date AS DATE) AS "end_date",
      ls.legal_status AS "legal_status",
      pl.placement_type AS "placement_type",
      CAST(pl.start_date AS DATE) AS "placement_start_date",
      CASE
        WHEN pl.placement_type IN ('U1', 'U4')
        THEN TRUE
        WHEN pl.placement_type IN ('U2', 'U3', 'U5', 'U6')
        THEN FALSE
      END AS "placement_long_term",
      (
        SELECT
          COUNT(*)
        FROM ssd_cla_placement AS q
        WHERE
          q.clap_cla_id = cp.period_id
          AND (
            q.clap_cla_placement_type IS NULL
            OR NOT UPPER(q.clap_cla_placement_type) IN ('T0', 'T1', 'T2', 'T3', 'T4')
          )
          AND q.clap_cla_placement_start_date <= COALESCE(cp.end_date, CAST('2025-03-31' AS DATE))
          AND (
            q.clap_cla_placement_end_date IS NULL
            OR q.clap_cla_placement_end_date > (
              COALESCE(cp.end_date, CAST('2025-03-31' AS DATE)) + INTERVAL '-12 MONTH'
            )
          )
      ) AS "placements_last_12_months",
      CAST(NULL AS VARCHAR) AS "placement_basis",
      CAST(NULL AS DATE) AS "care_plan_date",
      CAST(NULL AS VARCHAR) AS "worker_id",
      CAST(NULL AS VARCHAR) AS "team",
      CAST(cp.iro_visit_date AS DATE) AS "iro_visit_date",
      CAST((
        SELECT
          MAX(h.clah_health_check_date)
        FROM ssd_cla_health AS h
        WHERE
          h.clah_person_id = cp.child_id
          AND UPPER(h.clah_health_check_type) LIKE '%DENTAL%'
          AND h.clah_health_check_date >= cp.start_date
          AND (
            cp.end_date IS NULL OR h.clah_health_check_date <= cp.end_date
          )
      ) AS DATE) AS "dental_check_date",
      CAST(NULL AS BIGINT) AS "missing_episodes_12m",
      CAST(NULL AS BIGINT) AS "absent_episodes_12m",
      CAST(NULL AS BOOLEAN) AS "return_interview_offered",
      CAST(NULL AS BOOLEAN) AS "return_interview_accepted",
      CAST(NULL AS BOOLEAN) AS "health_check_up_to_date",
      CAST(NULL AS BOOLEAN) AS "dental_check_up_to_date",
      CAST(NULL AS BOOLEAN) AS "immunisations_up_to_date"
    FROM (
      SELECT
        e.clae_cla_id AS "period_id",
        e.clae_person_id AS "child_id",
        MIN(e.clae_cla_episode_start_date) AS "start_date",
        CASE
          WHEN COUNT(*) = COUNT(e.clae_cla_episode_ceased_date)
          THEN MAX(e.clae_cla_episode_ceased_date)
        END AS "end_date",
        MAX(e.clae_cla_last_iro_contact_date) AS "iro_visit_date"
      FROM ssd_cla_episodes AS e
      GROUP BY
        e.clae_cla_id,
        e.clae_person_id
    ) AS cp
    LEFT JOIN (
      SELECT
        p.clap_cla_id AS "cla_id",
        UPPER(p.clap_cla_placement_type) AS "placement_type",
        p.clap_cla_placement_start_date AS "start_date",
        ROW_NUMBER() OVER (
          PARTITION BY p.clap_cla_id
          ORDER BY p.clap_cla_placement_start_date DESC NULLS LAST, p.clap_cla_placement_id DESC NULLS LAST
        ) AS "latest"
      FROM ssd_cla_placement AS p
      WHERE
        p.clap_cla_placement_type IS NULL
        OR NOT UPPER(p.clap_cla_placement_type) IN ('T0', 'T1', 'T2', 'T3', 'T4')
    ) AS pl
      ON pl.cla_id = cp.period_id AND pl.latest = 1
    LEFT JOIN (
      SELECT
        cp.period_id AS "period_id",
        UPPER(l.lega_legal_status) AS "legal_status",
        ROW_NUMBER() OVER (
          PARTITION BY cp.period_id
          ORDER BY l.lega_legal_status_start_date DESC NULLS LAST, l.lega_legal_status_id DESC NULLS LAST
        ) AS "latest"
      FROM (
        SELECT
          e.clae_cla_id AS "period_id",
          e.clae_person_id AS "child_id",
          MIN(e.clae_cla_episode_start_date) AS "start_date",
          CASE
            WHEN COUNT(*) = COUNT(e.clae_cla_episode_ceased_date)
            THEN MAX(e.clae_cla_episode_ceased_date)
          END AS "end_date",
          MAX(e.clae_cla_last_iro_contact_date) AS "iro_visit_date"
        FROM ssd_cla_episodes AS e
        GROUP BY
          e.clae_cla_id,
          e.clae_person_id
      ) AS cp
      JOIN ssd_legal_status AS l
        ON l.lega_person_id = cp.child_id
        AND l.lega_legal_status_start_date <= COALESCE(cp.end_date, CAST('9999-12-31' AS DATE))
    ) AS ls
      ON ls.period_id = cp.period_id AND ls.latest = 1
  ) AS v
), "health_assessments" AS (
  SELECT
    "v"."health_assessment_id" AS "health_assessment_id",
    "v"."child_id" AS "child_id",
    "v"."type" AS "type",
    "v"."date" AS "date",
    ROW_NUMBER() OVER (ORDER BY "v"."health_assessment_id") AS "_row"
  FROM (
    SELECT
      h.clah_health_check_id AS "health_assessment_id",
      h.clah_person_id AS "child_id",
      CAST(NULL AS VARCHAR) AS "type",
      CAST(h.clah_health_check_date AS DATE) AS "date"
    FROM ssd_cla_health AS h
    WHERE
      UPPER(h.clah_health_check_type) LIKE '%HEALTH ASSESSMENT%'
      AND (
        h.clah_health_check_status IS NULL
        OR UPPER(h.clah_health_check_status) = 'COMPLETED'
      )
      AND NOT h.clah_health_check_date IS NULL
  ) AS v
)
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
      EXTRACT(YEAR FROM CAST('2025-03-31' AS DATE)) - EXTRACT(YEAR FROM "s"."e3")
    ) - CASE
      WHEN (
        EXTRACT(MONTH FROM CAST('2025-03-31' AS DATE)) * 100 + EXTRACT(DAY FROM CAST('2025-03-31' AS DATE))
      ) < (
        EXTRACT(MONTH FROM "s"."e3") * 100 + EXTRACT(DAY FROM "s"."e3")
      )
      THEN 1
      ELSE 0
    END
  END AS "r_fail_3",
  CAST('2025-03-31' AS DATE) AS "r_fail_5"
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
                  CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE)
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
                      EXTRACT(YEAR FROM CAST('2025-03-31' AS DATE)) - EXTRACT(YEAR FROM "s"."e3")
                    ) - CASE
                      WHEN (
                        EXTRACT(MONTH FROM CAST('2025-03-31' AS DATE)) * 100 + EXTRACT(DAY FROM CAST('2025-03-31' AS DATE))
                      ) < (
                        EXTRACT(MONTH FROM "s"."e3") * 100 + EXTRACT(DAY FROM "s"."e3")
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
                    CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-6 MONTH' AS DATE)
                  )
                END
              )
            ) AS c
          FROM "health_assessments" AS t3
          WHERE
            "t3"."child_id" = (
              "s"."e2"
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
ORDER BY
  "s"."_row";

-- LAC-IHA-20WD: Children coming into care have an initial health assessment within 20 working days
WITH "children" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."date_of_birth" AS "date_of_birth",
    "v"."expected_date_of_birth" AS "expected_date_of_birth",
    "v"."sex" AS "sex",
    "v"."ethnicity" AS "ethnicity",
    "v"."disabled" AS "disabled",
    "v"."uasc" AS "uasc",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      p.pers_person_id AS "child_id",
      CAST(p.pers_dob AS DATE) AS "date_of_birth",
      CAST(p.pers_expected_dob AS DATE) AS "expected_date_of_birth",
      UPPER(p.pers_sex) AS "sex",
      UPPER(p.pers_ethnicity) AS "ethnicity",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id AND UPPER(d.disa_disability_code) <> 'NONE'
        )
        THEN TRUE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id
        )
        THEN FALSE
      END AS "disabled",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_immigration_status AS i
          WHERE
            i.immi_person_id = p.pers_person_id
            AND UPPER(i.immi_immigration_status) IN (
              'UASC',
              'UNACCOMPANIED ASYLUM SEEKING CHILD',
              'UNACCOMPANIED ASYLUM-SEEKING CHILD'
            )
        )
        THEN TRUE
        ELSE FALSE
      END AS "uasc"
    FROM ssd_person AS p
  ) AS v
), "care_periods" AS (
  SELECT
    "v"."period_id" AS "period_id",
    "v"."child_id" AS "child_id",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    "v"."legal_status" AS "legal_status",
    "v"."placement_type" AS "placement_type",
    "v"."placement_start_date" AS "placement_start_date",
    "v"."placement_long_term" AS "placement_long_term",
    "v"."placements_last_12_months" AS "placements_last_12_months",
    "v"."placement_basis" AS "placement_basis",
    "v"."care_plan_date" AS "care_plan_date",
    "v"."worker_id" AS "worker_id",
    "v"."team" AS "team",
    "v"."iro_visit_date" AS "iro_visit_date",
    "v"."dental_check_date" AS "dental_check_date",
    "v"."missing_episodes_12m" AS "missing_episodes_12m",
    "v"."absent_episodes_12m" AS "absent_episodes_12m",
    "v"."return_interview_offered" AS "return_interview_offered",
    "v"."return_interview_accepted" AS "return_interview_accepted",
    "v"."health_check_up_to_date" AS "health_check_up_to_date",
    "v"."dental_check_up_to_date" AS "dental_check_up_to_date",
    "v"."immunisations_up_to_date" AS "immunisations_up_to_date",
    ROW_NUMBER() OVER (ORDER BY "v"."period_id") AS "_row"
  FROM (
    SELECT
      cp.period_id AS "period_id",
      cp.child_id AS "child_id",
      CAST(cp.start_date AS DATE) AS "start_date",
      CAST(cp.end_date AS DATE) AS "end_date",
      ls.legal_status AS "legal_status",
      pl.placement_type AS "placement_type",
      CAST(pl.start_date AS DATE) AS "placement_start_date",
      CASE
        WHEN pl.placement_type IN ('U1', 'U4')
        THEN TRUE
        WHEN pl.placement_type IN ('U2', 'U3', 'U5', 'U6')
        THEN FALSE
      END AS "placement_long_term",
      (
        SELECT
          COUNT(*)
        FROM ssd_cla_placement AS q
        WHERE
          q.clap_cla_id = cp.period_id
          AND (
            q.clap_cla_placement_type IS NULL
            OR NOT UPPER(q.clap_cla_placement_type) IN ('T0', 'T1', 'T2', 'T3', 'T4')
          )
          AND q.clap_cla_placement_start_date <= COALESCE(cp.end_date, CAST('2025-03-31' AS DATE))
          AND (
            q.clap_cla_placement_end_date IS NULL
            OR q.clap_cla_placement_end_date > (
              COALESCE(cp.end_date, CAST('2025-03-31' AS DATE)) + INTERVAL '-12 MONTH'
            )
          )
      ) AS "placements_last_12_months",
      CAST(NULL AS VARCHAR) AS "placement_basis",
      CAST(NULL AS DATE) AS "care_plan_date",
      CAST(NULL AS VARCHAR) AS "worker_id",
      CAST(NULL AS VARCHAR) AS "team",
      CAST(cp.iro_visit_date AS DATE) AS "iro_visit_date",
      CAST((
        SELECT
          MAX(h.clah_health_check_date)
        FROM ssd_cla_health AS h
        WHERE
          h.clah_person_id = cp.child_id
          AND UPPER(h.clah_health_check_type) LIKE '%DENTAL%'
          AND h.clah_health_check_date >= cp.start_date
          AND (
            cp.end_date IS NULL OR h.clah_health_check_date <= cp.end_date
          )
      ) AS DATE) AS "dental_check_date",
      CAST(NULL AS BIGINT) AS "missing_episodes_12m",
      CAST(NULL AS BIGINT) AS "absent_episodes_12m",
      CAST(NULL AS BOOLEAN) AS "return_interview_offered",
      CAST(NULL AS BOOLEAN) AS "return_interview_accepted",
      CAST(NULL AS BOOLEAN) AS "health_check_up_to_date",
      CAST(NULL AS BOOLEAN) AS "dental_check_up_to_date",
      CAST(NULL AS BOOLEAN) AS "immunisations_up_to_date"
    FROM (
      SELECT
        e.clae_cla_id AS "period_id",
        e.clae_person_id AS "child_id",
        MIN(e.clae_cla_episode_start_date) AS "start_date",
        CASE
          WHEN COUNT(*) = COUNT(e.clae_cla_episode_ceased_date)
          THEN MAX(e.clae_cla_episode_ceased_date)
        END AS "end_date",
        MAX(e.clae_cla_last_iro_contact_date) AS "iro_visit_date"
      FROM ssd_cla_episodes AS e
      GROUP BY
        e.clae_cla_id,
        e.clae_person_id
    ) AS cp
    LEFT JOIN (
      SELECT
        p.clap_cla_id AS "cla_id",
        UPPER(p.clap_cla_placement_type) AS "placement_type",
        p.clap_cla_placement_start_date AS "start_date",
        ROW_NUMBER() OVER (
          PARTITION BY p.clap_cla_id
          ORDER BY p.clap_cla_placement_start_date DESC NULLS LAST, p.clap_cla_placement_id DESC NULLS LAST
        ) AS "latest"
      FROM ssd_cla_placement AS p
      WHERE
        p.clap_cla_placement_type IS NULL
        OR NOT UPPER(p.clap_cla_placement_type) IN ('T0', 'T1', 'T2', 'T3', 'T4')
    ) AS pl
      ON pl.cla_id = cp.period_id AND pl.latest = 1
    LEFT JOIN (
      SELECT
        cp.period_id AS "period_id",
        UPPER(l.lega_legal_status) AS "legal_status",
        ROW_NUMBER() OVER (
          PARTITION BY cp.period_id
          ORDER BY l.lega_legal_status_start_date DESC NULLS LAST, l.lega_legal_status_id DESC NULLS LAST
        ) AS "latest"
      FROM (
        SELECT
          e.clae_cla_id AS "period_id",
          e.clae_person_id AS "child_id",
          MIN(e.clae_cla_episode_start_date) AS "start_date",
          CASE
            WHEN COUNT(*) = COUNT(e.clae_cla_episode_ceased_date)
            THEN MAX(e.clae_cla_episode_ceased_date)
          END AS "end_date",
          MAX(e.clae_cla_last_iro_contact_date) AS "iro_visit_date"
        FROM ssd_cla_episodes AS e
        GROUP BY
          e.clae_cla_id,
          e.clae_person_id
      ) AS cp
      JOIN ssd_legal_status AS l
        ON l.lega_person_id = cp.child_id
        AND l.lega_legal_status_start_date <= COALESCE(cp.end_date, CAST('9999-12-31' AS DATE))
    ) AS ls
      ON ls.period_id = cp.period_id AND ls.latest = 1
  ) AS v
), "health_assessments" AS (
  SELECT
    "v"."health_assessment_id" AS "health_assessment_id",
    "v"."child_id" AS "child_id",
    "v"."type" AS "type",
    "v"."date" AS "date",
    ROW_NUMBER() OVER (ORDER BY "v"."health_assessment_id") AS "_row"
  FROM (
    SELECT
      h.clah_health_check_id AS "health_assessment_id",
      h.clah_person_id AS "child_id",
      CAST(NULL AS VARCHAR) AS "type",
      CAST(h.clah_health_check_date AS DATE) AS "date"
    FROM ssd_cla_health AS h
    WHERE
      UPPER(h.clah_health_check_type) LIKE '%HEALTH ASSESSMENT%'
      AND (
        h.clah_health_check_status IS NULL
        OR UPPER(h.clah_health_check_status) = 'COMPLETED'
      )
      AND NOT h.clah_health_check_date IS NULL
  ) AS v
)
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
  "s"."e10" AS "r_fail_3",
  (
    "s"."e12"
  ) - (
    "s"."e3"
  ) AS "r_fail_5"
FROM (
  SELECT
    s.*,
    (
      SELECT
        "c21"."wd"
      FROM "cc_calendar" AS c21
      WHERE
        "c21"."d" = (
          "s"."e11"
        )
    ) AS "e12"
  FROM (
    SELECT
      s.*,
      (
        (
          (
            "s"."start_date"
          ) > (
            CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE)
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
          CASE
            WHEN (
              "s"."e1"
            ) IS NULL
            THEN NULL
            ELSE (
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
                  CASE
                    WHEN (
                      (
                        "t8"."date"
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
                        "t8"."date"
                      ) >= (
                        "s"."start_date"
                      )
                    )
                    AND (
                      (
                        "t8"."date"
                      ) <= (
                        CAST('2025-03-31' AS DATE)
                      )
                    )
                  END AS c
                FROM "health_assessments" AS t8
                WHERE
                  "t8"."child_id" = (
                    "s"."e2"
                  )
              ) AS q9
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
        "s"."e10",
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
          ELSE LEAST("s"."e5", CAST('2025-03-31' AS DATE))
        END
      ) AS "e11"
    FROM (
      SELECT
        s.*,
        (
          SELECT
            "c11"."wd"
          FROM "cc_calendar" AS c11
          WHERE
            "c11"."d" = (
              "s"."e6"
            )
        ) AS "e7",
        "j16"."date" AS "e10"
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
                  END AS c
                FROM "health_assessments" AS t3
                WHERE
                  "t3"."child_id" = (
                    "s"."e2"
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
            ELSE LEAST("s"."e5", CAST('2025-03-31' AS DATE))
          END AS "e6",
          CASE
            WHEN (
              "s"."e1"
            ) IS NULL
            THEN NULL
            WHEN (
              SELECT
                CASE
                  WHEN COUNT(
                    CASE
                      WHEN (
                        (
                          "q15"."c"
                        ) OR (
                          (
                            "q15"."c"
                          ) IS NULL
                        )
                      )
                      AND (
                        (
                          "q15"."k"
                        ) IS NULL
                      )
                      THEN 1
                    END
                  ) > 0
                  THEN FALSE
                  WHEN COUNT(CASE WHEN "q15"."c" THEN 1 END) = 0
                  THEN FALSE
                  WHEN MIN(CASE WHEN (
                    "q15"."c"
                  ) IS NULL THEN "q15"."k" END) <= MIN(CASE WHEN "q15"."c" THEN "q15"."k" END)
                  THEN FALSE
                  ELSE TRUE
                END AS ok
              FROM (
                SELECT
                  (
                    "t14"."date"
                  ) >= (
                    "s"."start_date"
                  ) AS c,
                  "t14"."date" AS k
                FROM "health_assessments" AS t14
                WHERE
                  "t14"."child_id" = (
                    "s"."e2"
                  )
              ) AS q15
            )
            THEN (
              SELECT
                "t14"."_row" AS v
              FROM "health_assessments" AS t14
              WHERE
                "t14"."child_id" = (
                  "s"."e2"
                )
                AND (
                  (
                    "t14"."date"
                  ) >= (
                    "s"."start_date"
                  )
                )
              ORDER BY
                (
                  "t14"."date"
                ) ASC,
                (
                  "t14"."_row"
                )
              LIMIT 1
            )
            ELSE NULL
          END AS "e9"
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
            COALESCE("s"."end_date", CAST('2025-03-31' AS DATE)) AS "e5"
          FROM "care_periods" AS s
          LEFT JOIN "children" AS j2
            ON "j2"."child_id" = (
              "s"."child_id"
            )
        ) AS s
      ) AS s
      LEFT JOIN "health_assessments" AS j16
        ON "j16"."_row" = (
          "s"."e9"
        )
    ) AS s
  ) AS s
) AS s
ORDER BY
  "s"."_row";

-- LAC-PEP-TERMLY: School-age children in care have a current personal education plan
-- not decided on the Standard Safeguarding Dataset: it needs table `peps`, which the Standard Safeguarding Dataset has no place for

-- LAC-PLACEMENT-STABILITY: Children in care with three or more placements in the last 12 months
WITH "care_periods" AS (
  SELECT
    "v"."period_id" AS "period_id",
    "v"."child_id" AS "child_id",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    "v"."legal_status" AS "legal_status",
    "v"."placement_type" AS "placement_type",
    "v"."placement_start_date" AS "placement_start_date",
    "v"."placement_long_term" AS "placement_long_term",
    "v"."placements_last_12_months" AS "placements_last_12_months",
    "v"."placement_basis" AS "placement_basis",
    "v"."care_plan_date" AS "care_plan_date",
    "v"."worker_id" AS "worker_id",
    "v"."team" AS "team",
    "v"."iro_visit_date" AS "iro_visit_date",
    "v"."dental_check_date" AS "dental_check_date",
    "v"."missing_episodes_12m" AS "missing_episodes_12m",
    "v"."absent_episodes_12m" AS "absent_episodes_12m",
    "v"."return_interview_offered" AS "return_interview_offered",
    "v"."return_interview_accepted" AS "return_interview_accepted",
    "v"."health_check_up_to_date" AS "health_check_up_to_date",
    "v"."dental_check_up_to_date" AS "dental_check_up_to_date",
    "v"."immunisations_up_to_date" AS "immunisations_up_to_date",
    ROW_NUMBER() OVER (ORDER BY "v"."period_id") AS "_row"
  FROM (
    SELECT
      cp.period_id AS "period_id",
      cp.child_id AS "child_id",
      CAST(cp.start_date AS DATE) AS "start_date",
      CAST(cp.end_date AS DATE) AS "end_date",
      ls.legal_status AS "legal_status",
      pl.placement_type AS "placement_type",
      CAST(pl.start_date AS DATE) AS "placement_start_date",
      CASE
        WHEN pl.placement_type IN ('U1', 'U4')
        THEN TRUE
        WHEN pl.placement_type IN ('U2', 'U3', 'U5', 'U6')
        THEN FALSE
      END AS "placement_long_term",
      (
        SELECT
          COUNT(*)
        FROM ssd_cla_placement AS q
        WHERE
          q.clap_cla_id = cp.period_id
          AND (
            q.clap_cla_placement_type IS NULL
            OR NOT UPPER(q.clap_cla_placement_type) IN ('T0', 'T1', 'T2', 'T3', 'T4')
          )
          AND q.clap_cla_placement_start_date <= COALESCE(cp.end_date, CAST('2025-03-31' AS DATE))
          AND (
            q.clap_cla_placement_end_date IS NULL
            OR q.clap_cla_placement_end_date > (
              COALESCE(cp.end_date, CAST('2025-03-31' AS DATE)) + INTERVAL '-12 MONTH'
            )
          )
      ) AS "placements_last_12_months",
      CAST(NULL AS VARCHAR) AS "placement_basis",
      CAST(NULL AS DATE) AS "care_plan_date",
      CAST(NULL AS VARCHAR) AS "worker_id",
      CAST(NULL AS VARCHAR) AS "team",
      CAST(cp.iro_visit_date AS DATE) AS "iro_visit_date",
      CAST((
        SELECT
          MAX(h.clah_health_check_date)
        FROM ssd_cla_health AS h
        WHERE
          h.clah_person_id = cp.child_id
          AND UPPER(h.clah_health_check_type) LIKE '%DENTAL%'
          AND h.clah_health_check_date >= cp.start_date
          AND (
            cp.end_date IS NULL OR h.clah_health_check_date <= cp.end_date
          )
      ) AS DATE) AS "dental_check_date",
      CAST(NULL AS BIGINT) AS "missing_episodes_12m",
      CAST(NULL AS BIGINT) AS "absent_episodes_12m",
      CAST(NULL AS BOOLEAN) AS "return_interview_offered",
      CAST(NULL AS BOOLEAN) AS "return_interview_accepted",
      CAST(NULL AS BOOLEAN) AS "health_check_up_to_date",
      CAST(NULL AS BOOLEAN) AS "dental_check_up_to_date",
      CAST(NULL AS BOOLEAN) AS "immunisations_up_to_date"
    FROM (
      SELECT
        e.clae_cla_id AS "period_id",
        e.clae_person_id AS "child_id",
        MIN(e.clae_cla_episode_start_date) AS "start_date",
        CASE
          WHEN COUNT(*) = COUNT(e.clae_cla_episode_ceased_date)
          THEN MAX(e.clae_cla_episode_ceased_date)
        END AS "end_date",
        MAX(e.clae_cla_last_iro_contact_date) AS "iro_visit_date"
      FROM ssd_cla_episodes AS e
      GROUP BY
        e.clae_cla_id,
        e.clae_person_id
    ) AS cp
    LEFT JOIN (
      SELECT
        p.clap_cla_id AS "cla_id",
        UPPER(p.clap_cla_placement_type) AS "placement_type",
        p.clap_cla_placement_start_date AS "start_date",
        ROW_NUMBER() OVER (
          PARTITION BY p.clap_cla_id
          ORDER BY p.clap_cla_placement_start_date DESC NULLS LAST, p.clap_cla_placement_id DESC NULLS LAST
        ) AS "latest"
      FROM ssd_cla_placement AS p
      WHERE
        p.clap_cla_placement_type IS NULL
        OR NOT UPPER(p.clap_cla_placement_type) IN ('T0', 'T1', 'T2', 'T3', 'T4')
    ) AS pl
      ON pl.cla_id = cp.period_id AND pl.latest = 1
    LEFT JOIN (
      SELECT
        cp.period_id AS "period_id",
        UPPER(l.lega_legal_status) AS "legal_status",
        ROW_NUMBER() OVER (
          PARTITION BY cp.period_id
          ORDER BY l.lega_legal_status_start_date DESC NULLS LAST, l.lega_legal_status_id DESC NULLS LAST
        ) AS "latest"
      FROM (
        SELECT
          e.clae_cla_id AS "period_id",
          e.clae_person_id AS "child_id",
          MIN(e.clae_cla_episode_start_date) AS "start_date",
          CASE
            WHEN COUNT(*) = COUNT(e.clae_cla_episode_ceased_date)
            THEN MAX(e.clae_cla_episode_ceased_date)
          END AS "end_date",
          MAX(e.clae_cla_last_iro_contact_date) AS "iro_visit_date"
        FROM ssd_cla_episodes AS e
        GROUP BY
          e.clae_cla_id,
          e.clae_person_id
      ) AS cp
      JOIN ssd_legal_status AS l
        ON l.lega_person_id = cp.child_id
        AND l.lega_legal_status_start_date <= COALESCE(cp.end_date, CAST('9999-12-31' AS DATE))
    ) AS ls
      ON ls.period_id = cp.period_id AND ls.latest = 1
  ) AS v
)
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
  CAST('2025-03-31' AS DATE) AS "r_fail_2"
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
ORDER BY
  "s"."_row";

-- LAC-REVIEW-PARTICIPATION: Children in care take part in their reviews
WITH "children" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."date_of_birth" AS "date_of_birth",
    "v"."expected_date_of_birth" AS "expected_date_of_birth",
    "v"."sex" AS "sex",
    "v"."ethnicity" AS "ethnicity",
    "v"."disabled" AS "disabled",
    "v"."uasc" AS "uasc",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      p.pers_person_id AS "child_id",
      CAST(p.pers_dob AS DATE) AS "date_of_birth",
      CAST(p.pers_expected_dob AS DATE) AS "expected_date_of_birth",
      UPPER(p.pers_sex) AS "sex",
      UPPER(p.pers_ethnicity) AS "ethnicity",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id AND UPPER(d.disa_disability_code) <> 'NONE'
        )
        THEN TRUE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id
        )
        THEN FALSE
      END AS "disabled",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_immigration_status AS i
          WHERE
            i.immi_person_id = p.pers_person_id
            AND UPPER(i.immi_immigration_status) IN (
              'UASC',
              'UNACCOMPANIED ASYLUM SEEKING CHILD',
              'UNACCOMPANIED ASYLUM-SEEKING CHILD'
            )
        )
        THEN TRUE
        ELSE FALSE
      END AS "uasc"
    FROM ssd_person AS p
  ) AS v
), "lac_reviews" AS (
  SELECT
    "v"."review_id" AS "review_id",
    "v"."child_id" AS "child_id",
    "v"."period_id" AS "period_id",
    "v"."date" AS "date",
    "v"."child_participated" AS "child_participated",
    ROW_NUMBER() OVER (ORDER BY "v"."review_id") AS "_row"
  FROM (
    SELECT
      r.clar_cla_review_id AS "review_id",
      cp.child_id AS "child_id",
      r.clar_cla_id AS "period_id",
      CAST(r.clar_cla_review_date AS DATE) AS "date",
      CASE
        WHEN UPPER(r.clar_cla_review_participation) IN ('PN1', 'PN2', 'PN3', 'PN4', 'PN5', 'PN6')
        THEN TRUE
        WHEN UPPER(r.clar_cla_review_participation) = 'PN7'
        THEN FALSE
      END AS "child_participated"
    FROM ssd_cla_reviews AS r
    LEFT JOIN (
      SELECT
        e.clae_cla_id AS "period_id",
        e.clae_person_id AS "child_id",
        MIN(e.clae_cla_episode_start_date) AS "start_date",
        CASE
          WHEN COUNT(*) = COUNT(e.clae_cla_episode_ceased_date)
          THEN MAX(e.clae_cla_episode_ceased_date)
        END AS "end_date",
        MAX(e.clae_cla_last_iro_contact_date) AS "iro_visit_date"
      FROM ssd_cla_episodes AS e
      GROUP BY
        e.clae_cla_id,
        e.clae_person_id
    ) AS cp
      ON cp.period_id = r.clar_cla_id
    WHERE
      NOT r.clar_cla_review_date IS NULL
      AND (
        r.clar_cla_review_cancelled IS NULL
        OR NOT (
          CASE
            WHEN UPPER(r.clar_cla_review_cancelled) IN ('Y', 'YES', '1', 'TRUE')
            THEN TRUE
            WHEN UPPER(r.clar_cla_review_cancelled) IN ('N', 'NO', '0', 'FALSE')
            THEN FALSE
          END
        )
      )
  ) AS v
)
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
      EXTRACT(YEAR FROM "s"."date") - EXTRACT(YEAR FROM "s"."e3")
    ) - CASE
      WHEN (
        EXTRACT(MONTH FROM "s"."date") * 100 + EXTRACT(DAY FROM "s"."date")
      ) < (
        EXTRACT(MONTH FROM "s"."e3") * 100 + EXTRACT(DAY FROM "s"."e3")
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
      EXTRACT(YEAR FROM "s"."date") - EXTRACT(YEAR FROM "s"."e3")
    ) - CASE
      WHEN (
        EXTRACT(MONTH FROM "s"."date") * 100 + EXTRACT(DAY FROM "s"."date")
      ) < (
        EXTRACT(MONTH FROM "s"."e3") * 100 + EXTRACT(DAY FROM "s"."e3")
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
      EXTRACT(YEAR FROM "s"."date") - EXTRACT(YEAR FROM "s"."e3")
    ) - CASE
      WHEN (
        EXTRACT(MONTH FROM "s"."date") * 100 + EXTRACT(DAY FROM "s"."date")
      ) < (
        EXTRACT(MONTH FROM "s"."e3") * 100 + EXTRACT(DAY FROM "s"."e3")
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
      EXTRACT(YEAR FROM "s"."date") - EXTRACT(YEAR FROM "s"."e3")
    ) - CASE
      WHEN (
        EXTRACT(MONTH FROM "s"."date") * 100 + EXTRACT(DAY FROM "s"."date")
      ) < (
        EXTRACT(MONTH FROM "s"."e3") * 100 + EXTRACT(DAY FROM "s"."e3")
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
            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
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
            CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
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
            EXTRACT(YEAR FROM "s"."date") - EXTRACT(YEAR FROM "s"."e3")
          ) - CASE
            WHEN (
              EXTRACT(MONTH FROM "s"."date") * 100 + EXTRACT(DAY FROM "s"."date")
            ) < (
              EXTRACT(MONTH FROM "s"."e3") * 100 + EXTRACT(DAY FROM "s"."e3")
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
ORDER BY
  "s"."_row";

-- LAC-SEEN-ALONE: Children in care were seen alone at their latest statutory visit
WITH "children" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."date_of_birth" AS "date_of_birth",
    "v"."expected_date_of_birth" AS "expected_date_of_birth",
    "v"."sex" AS "sex",
    "v"."ethnicity" AS "ethnicity",
    "v"."disabled" AS "disabled",
    "v"."uasc" AS "uasc",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      p.pers_person_id AS "child_id",
      CAST(p.pers_dob AS DATE) AS "date_of_birth",
      CAST(p.pers_expected_dob AS DATE) AS "expected_date_of_birth",
      UPPER(p.pers_sex) AS "sex",
      UPPER(p.pers_ethnicity) AS "ethnicity",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id AND UPPER(d.disa_disability_code) <> 'NONE'
        )
        THEN TRUE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id
        )
        THEN FALSE
      END AS "disabled",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_immigration_status AS i
          WHERE
            i.immi_person_id = p.pers_person_id
            AND UPPER(i.immi_immigration_status) IN (
              'UASC',
              'UNACCOMPANIED ASYLUM SEEKING CHILD',
              'UNACCOMPANIED ASYLUM-SEEKING CHILD'
            )
        )
        THEN TRUE
        ELSE FALSE
      END AS "uasc"
    FROM ssd_person AS p
  ) AS v
), "visits" AS (
  SELECT
    "v"."visit_id" AS "visit_id",
    "v"."child_id" AS "child_id",
    "v"."worker_id" AS "worker_id",
    "v"."type" AS "type",
    "v"."date" AS "date",
    "v"."seen" AS "seen",
    "v"."seen_alone" AS "seen_alone",
    ROW_NUMBER() OVER (ORDER BY "v"."visit_id") AS "_row"
  FROM (
    SELECT
      v.cinv_cin_visit_id AS "visit_id",
      v.cinv_person_id AS "child_id",
      CAST(NULL AS VARCHAR) AS "worker_id",
      'cin' AS "type",
      CAST(v.cinv_cin_visit_date AS DATE) AS "date",
      (
        CASE
          WHEN UPPER(v.cinv_cin_visit_seen) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cinv_cin_visit_seen) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen",
      (
        CASE
          WHEN UPPER(v.cinv_cin_visit_seen_alone) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cinv_cin_visit_seen_alone) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen_alone"
    FROM ssd_cin_visits AS v
    UNION ALL
    SELECT
      v.cppv_cp_visit_id AS "visit_id",
      v.cppv_person_id AS "child_id",
      CAST(NULL AS VARCHAR) AS "worker_id",
      'cp' AS "type",
      CAST(v.cppv_cp_visit_date AS DATE) AS "date",
      (
        CASE
          WHEN UPPER(v.cppv_cp_visit_seen) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cppv_cp_visit_seen) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen",
      (
        CASE
          WHEN UPPER(v.cppv_cp_visit_seen_alone) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cppv_cp_visit_seen_alone) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen_alone"
    FROM ssd_cp_visits AS v
    UNION ALL
    SELECT
      v.clav_cla_visit_id AS "visit_id",
      v.clav_person_id AS "child_id",
      CAST(NULL AS VARCHAR) AS "worker_id",
      'lac' AS "type",
      CAST(v.clav_cla_visit_date AS DATE) AS "date",
      (
        CASE
          WHEN UPPER(v.clav_cla_visit_seen) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.clav_cla_visit_seen) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen",
      (
        CASE
          WHEN UPPER(v.clav_cla_visit_seen_alone) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.clav_cla_visit_seen_alone) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen_alone"
    FROM ssd_cla_visits AS v
  ) AS v
), "care_periods" AS (
  SELECT
    "v"."period_id" AS "period_id",
    "v"."child_id" AS "child_id",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    "v"."legal_status" AS "legal_status",
    "v"."placement_type" AS "placement_type",
    "v"."placement_start_date" AS "placement_start_date",
    "v"."placement_long_term" AS "placement_long_term",
    "v"."placements_last_12_months" AS "placements_last_12_months",
    "v"."placement_basis" AS "placement_basis",
    "v"."care_plan_date" AS "care_plan_date",
    "v"."worker_id" AS "worker_id",
    "v"."team" AS "team",
    "v"."iro_visit_date" AS "iro_visit_date",
    "v"."dental_check_date" AS "dental_check_date",
    "v"."missing_episodes_12m" AS "missing_episodes_12m",
    "v"."absent_episodes_12m" AS "absent_episodes_12m",
    "v"."return_interview_offered" AS "return_interview_offered",
    "v"."return_interview_accepted" AS "return_interview_accepted",
    "v"."health_check_up_to_date" AS "health_check_up_to_date",
    "v"."dental_check_up_to_date" AS "dental_check_up_to_date",
    "v"."immunisations_up_to_date" AS "immunisations_up_to_date",
    ROW_NUMBER() OVER (ORDER BY "v"."period_id") AS "_row"
  FROM (
    SELECT
      cp.period_id AS "period_id",
      cp.child_id AS "child_id",
      CAST(cp.start_date AS DATE) AS "start_date",
      CAST(cp.end_date AS DATE) AS "end_date",
      ls.legal_status AS "legal_status",
      pl.placement_type AS "placement_type",
      CAST(pl.start_date AS DATE) AS "placement_start_date",
      CASE
        WHEN pl.placement_type IN ('U1', 'U4')
        THEN TRUE
        WHEN pl.placement_type IN ('U2', 'U3', 'U5', 'U6')
        THEN FALSE
      END AS "placement_long_term",
      (
        SELECT
          COUNT(*)
        FROM ssd_cla_placement AS q
        WHERE
          q.clap_cla_id = cp.period_id
          AND (
            q.clap_cla_placement_type IS NULL
            OR NOT UPPER(q.clap_cla_placement_type) IN ('T0', 'T1', 'T2', 'T3', 'T4')
          )
          AND q.clap_cla_placement_start_date <= COALESCE(cp.end_date, CAST('2025-03-31' AS DATE))
          AND (
            q.clap_cla_placement_end_date IS NULL
            OR q.clap_cla_placement_end_date > (
              COALESCE(cp.end_date, CAST('2025-03-31' AS DATE)) + INTERVAL '-12 MONTH'
            )
          )
      ) AS "placements_last_12_months",
      CAST(NULL AS VARCHAR) AS "placement_basis",
      CAST(NULL AS DATE) AS "care_plan_date",
      CAST(NULL AS VARCHAR) AS "worker_id",
      CAST(NULL AS VARCHAR) AS "team",
      CAST(cp.iro_visit_date AS DATE) AS "iro_visit_date",
      CAST((
        SELECT
          MAX(h.clah_health_check_date)
        FROM ssd_cla_health AS h
        WHERE
          h.clah_person_id = cp.child_id
          AND UPPER(h.clah_health_check_type) LIKE '%DENTAL%'
          AND h.clah_health_check_date >= cp.start_date
          AND (
            cp.end_date IS NULL OR h.clah_health_check_date <= cp.end_date
          )
      ) AS DATE) AS "dental_check_date",
      CAST(NULL AS BIGINT) AS "missing_episodes_12m",
      CAST(NULL AS BIGINT) AS "absent_episodes_12m",
      CAST(NULL AS BOOLEAN) AS "return_interview_offered",
      CAST(NULL AS BOOLEAN) AS "return_interview_accepted",
      CAST(NULL AS BOOLEAN) AS "health_check_up_to_date",
      CAST(NULL AS BOOLEAN) AS "dental_check_up_to_date",
      CAST(NULL AS BOOLEAN) AS "immunisations_up_to_date"
    FROM (
      SELECT
        e.clae_cla_id AS "period_id",
        e.clae_person_id AS "child_id",
        MIN(e.clae_cla_episode_start_date) AS "start_date",
        CASE
          WHEN COUNT(*) = COUNT(e.clae_cla_episode_ceased_date)
          THEN MAX(e.clae_cla_episode_ceased_date)
        END AS "end_date",
        MAX(e.clae_cla_last_iro_contact_date) AS "iro_visit_date"
      FROM ssd_cla_episodes AS e
      GROUP BY
        e.clae_cla_id,
        e.clae_person_id
    ) AS cp
    LEFT JOIN (
      SELECT
        p.clap_cla_id AS "cla_id",
        UPPER(p.clap_cla_placement_type) AS "placement_type",
        p.clap_cla_placement_start_date AS "start_date",
        ROW_NUMBER() OVER (
          PARTITION BY p.clap_cla_id
          ORDER BY p.clap_cla_placement_start_date DESC NULLS LAST, p.clap_cla_placement_id DESC NULLS LAST
        ) AS "latest"
      FROM ssd_cla_placement AS p
      WHERE
        p.clap_cla_placement_type IS NULL
        OR NOT UPPER(p.clap_cla_placement_type) IN ('T0', 'T1', 'T2', 'T3', 'T4')
    ) AS pl
      ON pl.cla_id = cp.period_id AND pl.latest = 1
    LEFT JOIN (
      SELECT
        cp.period_id AS "period_id",
        UPPER(l.lega_legal_status) AS "legal_status",
        ROW_NUMBER() OVER (
          PARTITION BY cp.period_id
          ORDER BY l.lega_legal_status_start_date DESC NULLS LAST, l.lega_legal_status_id DESC NULLS LAST
        ) AS "latest"
      FROM (
        SELECT
          e.clae_cla_id AS "period_id",
          e.clae_person_id AS "child_id",
          MIN(e.clae_cla_episode_start_date) AS "start_date",
          CASE
            WHEN COUNT(*) = COUNT(e.clae_cla_episode_ceased_date)
            THEN MAX(e.clae_cla_episode_ceased_date)
          END AS "end_date",
          MAX(e.clae_cla_last_iro_contact_date) AS "iro_visit_date"
        FROM ssd_cla_episodes AS e
        GROUP BY
          e.clae_cla_id,
          e.clae_person_id
      ) AS cp
      JOIN ssd_legal_status AS l
        ON l.lega_person_id = cp.child_id
        AND l.lega_legal_status_start_date <= COALESCE(cp.end_date, CAST('9999-12-31' AS DATE))
    ) AS ls
      ON ls.period_id = cp.period_id AND ls.latest = 1
  ) AS v
)
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
      EXTRACT(YEAR FROM CAST('2025-03-31' AS DATE)) - EXTRACT(YEAR FROM "s"."e6")
    ) - CASE
      WHEN (
        EXTRACT(MONTH FROM CAST('2025-03-31' AS DATE)) * 100 + EXTRACT(DAY FROM CAST('2025-03-31' AS DATE))
      ) < (
        EXTRACT(MONTH FROM "s"."e6") * 100 + EXTRACT(DAY FROM "s"."e6")
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
      "j5"."seen_alone" AS "e4",
      "j5"."date" AS "e8",
      "j5"."seen" AS "e9"
    FROM (
      SELECT
        s.*,
        CASE
          WHEN (
            "s"."e1"
          ) IS NULL
          THEN NULL
          WHEN (
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
                THEN FALSE
                WHEN COUNT(CASE WHEN "q4"."c" THEN 1 END) = 0
                THEN FALSE
                WHEN MAX(CASE WHEN (
                  "q4"."c"
                ) IS NULL THEN "q4"."k" END) >= MAX(CASE WHEN "q4"."c" THEN "q4"."k" END)
                THEN FALSE
                ELSE TRUE
              END AS ok
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
                "t3"."date" AS k
              FROM "visits" AS t3
              WHERE
                "t3"."child_id" = (
                  "s"."e2"
                )
            ) AS q4
          )
          THEN (
            SELECT
              "t3"."_row" AS v
            FROM "visits" AS t3
            WHERE
              "t3"."child_id" = (
                "s"."e2"
              )
              AND (
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
                )
              )
            ORDER BY
              (
                "t3"."date"
              ) DESC NULLS LAST,
              (
                "t3"."_row"
              )
            LIMIT 1
          )
          ELSE NULL
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
                  EXTRACT(YEAR FROM CAST('2025-03-31' AS DATE)) - EXTRACT(YEAR FROM "s"."e6")
                ) - CASE
                  WHEN (
                    EXTRACT(MONTH FROM CAST('2025-03-31' AS DATE)) * 100 + EXTRACT(DAY FROM CAST('2025-03-31' AS DATE))
                  ) < (
                    EXTRACT(MONTH FROM "s"."e6") * 100 + EXTRACT(DAY FROM "s"."e6")
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
              CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-7 DAY' AS DATE)
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
                        "t8"."type"
                      ) = (
                        'lac'
                      )
                    )
                    AND (
                      CASE
                        WHEN (
                          (
                            "t8"."date"
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
                            "t8"."date"
                          ) >= (
                            "s"."start_date"
                          )
                        )
                        AND (
                          (
                            "t8"."date"
                          ) <= (
                            CAST('2025-03-31' AS DATE)
                          )
                        )
                      END
                    ) AS c
                  FROM "visits" AS t8
                  WHERE
                    "t8"."child_id" = (
                      "s"."e2"
                    )
                ) AS q9
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
    LEFT JOIN "visits" AS j5
      ON "j5"."_row" = (
        "s"."e3"
      )
  ) AS s
) AS s
ORDER BY
  "s"."_row";

-- LAC-QUALIFIED-WORKER: Children in care have a qualified social worker
-- not decided on the Standard Safeguarding Dataset: it needs `care_periods.worker_id`: the SSD does not record the worker of a period of care; `social_workers.end_date`: the SSD does not record when a worker left

-- LAC-CARE-PLAN-10WD: A care plan is in place within 10 working days of the first placement
-- not decided on the Standard Safeguarding Dataset: it needs `care_periods.care_plan_date`: the binding does not read the SSD's care plan table (ssd_cla_care_plan) yet

-- LAC-PLACEMENT-VISIT-1W: Children in care are visited within a week of every placement start
WITH "children" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."date_of_birth" AS "date_of_birth",
    "v"."expected_date_of_birth" AS "expected_date_of_birth",
    "v"."sex" AS "sex",
    "v"."ethnicity" AS "ethnicity",
    "v"."disabled" AS "disabled",
    "v"."uasc" AS "uasc",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      p.pers_person_id AS "child_id",
      CAST(p.pers_dob AS DATE) AS "date_of_birth",
      CAST(p.pers_expected_dob AS DATE) AS "expected_date_of_birth",
      UPPER(p.pers_sex) AS "sex",
      UPPER(p.pers_ethnicity) AS "ethnicity",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id AND UPPER(d.disa_disability_code) <> 'NONE'
        )
        THEN TRUE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id
        )
        THEN FALSE
      END AS "disabled",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_immigration_status AS i
          WHERE
            i.immi_person_id = p.pers_person_id
            AND UPPER(i.immi_immigration_status) IN (
              'UASC',
              'UNACCOMPANIED ASYLUM SEEKING CHILD',
              'UNACCOMPANIED ASYLUM-SEEKING CHILD'
            )
        )
        THEN TRUE
        ELSE FALSE
      END AS "uasc"
    FROM ssd_person AS p
  ) AS v
), "visits" AS (
  SELECT
    "v"."visit_id" AS "visit_id",
    "v"."child_id" AS "child_id",
    "v"."worker_id" AS "worker_id",
    "v"."type" AS "type",
    "v"."date" AS "date",
    "v"."seen" AS "seen",
    "v"."seen_alone" AS "seen_alone",
    ROW_NUMBER() OVER (ORDER BY "v"."visit_id") AS "_row"
  FROM (
    SELECT
      v.cinv_cin_visit_id AS "visit_id",
      v.cinv_person_id AS "child_id",
      CAST(NULL AS VARCHAR) AS "worker_id",
      'cin' AS "type",
      CAST(v.cinv_cin_visit_date AS DATE) AS "date",
      (
        CASE
          WHEN UPPER(v.cinv_cin_visit_seen) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cinv_cin_visit_seen) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen",
      (
        CASE
          WHEN UPPER(v.cinv_cin_visit_seen_alone) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cinv_cin_visit_seen_alone) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen_alone"
    FROM ssd_cin_visits AS v
    UNION ALL
    SELECT
      v.cppv_cp_visit_id AS "visit_id",
      v.cppv_person_id AS "child_id",
      CAST(NULL AS VARCHAR) AS "worker_id",
      'cp' AS "type",
      CAST(v.cppv_cp_visit_date AS DATE) AS "date",
      (
        CASE
          WHEN UPPER(v.cppv_cp_visit_seen) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cppv_cp_visit_seen) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen",
      (
        CASE
          WHEN UPPER(v.cppv_cp_visit_seen_alone) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.cppv_cp_visit_seen_alone) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen_alone"
    FROM ssd_cp_visits AS v
    UNION ALL
    SELECT
      v.clav_cla_visit_id AS "visit_id",
      v.clav_person_id AS "child_id",
      CAST(NULL AS VARCHAR) AS "worker_id",
      'lac' AS "type",
      CAST(v.clav_cla_visit_date AS DATE) AS "date",
      (
        CASE
          WHEN UPPER(v.clav_cla_visit_seen) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.clav_cla_visit_seen) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen",
      (
        CASE
          WHEN UPPER(v.clav_cla_visit_seen_alone) IN ('Y', 'YES', '1', 'TRUE')
          THEN TRUE
          WHEN UPPER(v.clav_cla_visit_seen_alone) IN ('N', 'NO', '0', 'FALSE')
          THEN FALSE
        END
      ) AS "seen_alone"
    FROM ssd_cla_visits AS v
  ) AS v
), "care_periods" AS (
  SELECT
    "v"."period_id" AS "period_id",
    "v"."child_id" AS "child_id",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    "v"."legal_status" AS "legal_status",
    "v"."placement_type" AS "placement_type",
    "v"."placement_start_date" AS "placement_start_date",
    "v"."placement_long_term" AS "placement_long_term",
    "v"."placements_last_12_months" AS "placements_last_12_months",
    "v"."placement_basis" AS "placement_basis",
    "v"."care_plan_date" AS "care_plan_date",
    "v"."worker_id" AS "worker_id",
    "v"."team" AS "team",
    "v"."iro_visit_date" AS "iro_visit_date",
    "v"."dental_check_date" AS "dental_check_date",
    "v"."missing_episodes_12m" AS "missing_episodes_12m",
    "v"."absent_episodes_12m" AS "absent_episodes_12m",
    "v"."return_interview_offered" AS "return_interview_offered",
    "v"."return_interview_accepted" AS "return_interview_accepted",
    "v"."health_check_up_to_date" AS "health_check_up_to_date",
    "v"."dental_check_up_to_date" AS "dental_check_up_to_date",
    "v"."immunisations_up_to_date" AS "immunisations_up_to_date",
    ROW_NUMBER() OVER (ORDER BY "v"."period_id") AS "_row"
  FROM (
    SELECT
      cp.period_id AS "period_id",
      cp.child_id AS "child_id",
      CAST(cp.start_date AS DATE) AS "start_date",
      CAST(cp.end_date AS DATE) AS "end_date",
      ls.legal_status AS "legal_status",
      pl.placement_type AS "placement_type",
      CAST(pl.start_date AS DATE) AS "placement_start_date",
      CASE
        WHEN pl.placement_type IN ('U1', 'U4')
        THEN TRUE
        WHEN pl.placement_type IN ('U2', 'U3', 'U5', 'U6')
        THEN FALSE
      END AS "placement_long_term",
      (
        SELECT
          COUNT(*)
        FROM ssd_cla_placement AS q
        WHERE
          q.clap_cla_id = cp.period_id
          AND (
            q.clap_cla_placement_type IS NULL
            OR NOT UPPER(q.clap_cla_placement_type) IN ('T0', 'T1', 'T2', 'T3', 'T4')
          )
          AND q.clap_cla_placement_start_date <= COALESCE(cp.end_date, CAST('2025-03-31' AS DATE))
          AND (
            q.clap_cla_placement_end_date IS NULL
            OR q.clap_cla_placement_end_date > (
              COALESCE(cp.end_date, CAST('2025-03-31' AS DATE)) + INTERVAL '-12 MONTH'
            )
          )
      ) AS "placements_last_12_months",
      CAST(NULL AS VARCHAR) AS "placement_basis",
      CAST(NULL AS DATE) AS "care_plan_date",
      CAST(NULL AS VARCHAR) AS "worker_id",
      CAST(NULL AS VARCHAR) AS "team",
      CAST(cp.iro_visit_date AS DATE) AS "iro_visit_date",
      CAST((
        SELECT
          MAX(h.clah_health_check_date)
        FROM ssd_cla_health AS h
        WHERE
          h.clah_person_id = cp.child_id
          AND UPPER(h.clah_health_check_type) LIKE '%DENTAL%'
          AND h.clah_health_check_date >= cp.start_date
          AND (
            cp.end_date IS NULL OR h.clah_health_check_date <= cp.end_date
          )
      ) AS DATE) AS "dental_check_date",
      CAST(NULL AS BIGINT) AS "missing_episodes_12m",
      CAST(NULL AS BIGINT) AS "absent_episodes_12m",
      CAST(NULL AS BOOLEAN) AS "return_interview_offered",
      CAST(NULL AS BOOLEAN) AS "return_interview_accepted",
      CAST(NULL AS BOOLEAN) AS "health_check_up_to_date",
      CAST(NULL AS BOOLEAN) AS "dental_check_up_to_date",
      CAST(NULL AS BOOLEAN) AS "immunisations_up_to_date"
    FROM (
      SELECT
        e.clae_cla_id AS "period_id",
        e.clae_person_id AS "child_id",
        MIN(e.clae_cla_episode_start_date) AS "start_date",
        CASE
          WHEN COUNT(*) = COUNT(e.clae_cla_episode_ceased_date)
          THEN MAX(e.clae_cla_episode_ceased_date)
        END AS "end_date",
        MAX(e.clae_cla_last_iro_contact_date) AS "iro_visit_date"
      FROM ssd_cla_episodes AS e
      GROUP BY
        e.clae_cla_id,
        e.clae_person_id
    ) AS cp
    LEFT JOIN (
      SELECT
        p.clap_cla_id AS "cla_id",
        UPPER(p.clap_cla_placement_type) AS "placement_type",
        p.clap_cla_placement_start_date AS "start_date",
        ROW_NUMBER() OVER (
          PARTITION BY p.clap_cla_id
          ORDER BY p.clap_cla_placement_start_date DESC NULLS LAST, p.clap_cla_placement_id DESC NULLS LAST
        ) AS "latest"
      FROM ssd_cla_placement AS p
      WHERE
        p.clap_cla_placement_type IS NULL
        OR NOT UPPER(p.clap_cla_placement_type) IN ('T0', 'T1', 'T2', 'T3', 'T4')
    ) AS pl
      ON pl.cla_id = cp.period_id AND pl.latest = 1
    LEFT JOIN (
      SELECT
        cp.period_id AS "period_id",
        UPPER(l.lega_legal_status) AS "legal_status",
        ROW_NUMBER() OVER (
          PARTITION BY cp.period_id
          ORDER BY l.lega_legal_status_start_date DESC NULLS LAST, l.lega_legal_status_id DESC NULLS LAST
        ) AS "latest"
      FROM (
        SELECT
          e.clae_cla_id AS "period_id",
          e.clae_person_id AS "child_id",
          MIN(e.clae_cla_episode_start_date) AS "start_date",
          CASE
            WHEN COUNT(*) = COUNT(e.clae_cla_episode_ceased_date)
            THEN MAX(e.clae_cla_episode_ceased_date)
          END AS "end_date",
          MAX(e.clae_cla_last_iro_contact_date) AS "iro_visit_date"
        FROM ssd_cla_episodes AS e
        GROUP BY
          e.clae_cla_id,
          e.clae_person_id
      ) AS cp
      JOIN ssd_legal_status AS l
        ON l.lega_person_id = cp.child_id
        AND l.lega_legal_status_start_date <= COALESCE(cp.end_date, CAST('9999-12-31' AS DATE))
    ) AS ls
      ON ls.period_id = cp.period_id AND ls.latest = 1
  ) AS v
), "placements" AS (
  SELECT
    "v"."placement_id" AS "placement_id",
    "v"."child_id" AS "child_id",
    "v"."period_id" AS "period_id",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    "v"."placement_type" AS "placement_type",
    ROW_NUMBER() OVER (ORDER BY "v"."placement_id") AS "_row"
  FROM (
    SELECT
      q.clap_cla_placement_id AS "placement_id",
      cp.child_id AS "child_id",
      q.clap_cla_id AS "period_id",
      CAST(q.clap_cla_placement_start_date AS DATE) AS "start_date",
      CAST(q.clap_cla_placement_end_date AS DATE) AS "end_date",
      UPPER(q.clap_cla_placement_type) AS "placement_type"
    FROM ssd_cla_placement AS q
    LEFT JOIN (
      SELECT
        e.clae_cla_id AS "period_id",
        e.clae_person_id AS "child_id",
        MIN(e.clae_cla_episode_start_date) AS "start_date",
        CASE
          WHEN COUNT(*) = COUNT(e.clae_cla_episode_ceased_date)
          THEN MAX(e.clae_cla_episode_ceased_date)
        END AS "end_date",
        MAX(e.clae_cla_last_iro_contact_date) AS "iro_visit_date"
      FROM ssd_cla_episodes AS e
      GROUP BY
        e.clae_cla_id,
        e.clae_person_id
    ) AS cp
      ON cp.period_id = q.clap_cla_id
    WHERE
      NOT q.clap_cla_placement_start_date IS NULL
  ) AS v
)
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
  "s"."e8" AS "r_fail_3",
  CAST("s"."start_date" + INTERVAL '7 DAY' AS DATE) AS "r_fail_5",
  "s"."start_date" AS "r_not_applicable_1",
  CAST('2025-03-31' AS DATE) AS "r_not_applicable_3",
  "s"."e5" AS "r_not_applicable_5",
  "s"."start_date" AS "r_pass_1",
  "s"."e8" AS "r_pass_3"
FROM (
  SELECT
    s.*,
    "j12"."date" AS "e8"
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
                      CAST("s"."start_date" + INTERVAL '7 DAY' AS DATE)
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
                      CAST("s"."start_date" + INTERVAL '7 DAY' AS DATE)
                    )
                  )
                END
              ) AS c
            FROM "visits" AS t3
            WHERE
              "t3"."child_id" = (
                "s"."e2"
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
              CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
            ) IS NULL
          )
          OR (
            (
              CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-7 DAY' AS DATE)
            ) IS NULL
          )
          THEN NULL
          ELSE (
            (
              "s"."start_date"
            ) >= (
              CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
            )
          )
          AND (
            (
              "s"."start_date"
            ) <= (
              CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-7 DAY' AS DATE)
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
        WHEN (
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
              THEN FALSE
              WHEN COUNT(CASE WHEN "q11"."c" THEN 1 END) = 0
              THEN FALSE
              WHEN MIN(CASE WHEN (
                "q11"."c"
              ) IS NULL THEN "q11"."k" END) <= MIN(CASE WHEN "q11"."c" THEN "q11"."k" END)
              THEN FALSE
              ELSE TRUE
            END AS ok
          FROM (
            SELECT
              (
                (
                  "t10"."type"
                ) = (
                  'lac'
                )
              )
              AND (
                (
                  "t10"."date"
                ) >= (
                  "s"."start_date"
                )
              ) AS c,
              "t10"."date" AS k
            FROM "visits" AS t10
            WHERE
              "t10"."child_id" = (
                "s"."e2"
              )
          ) AS q11
        )
        THEN (
          SELECT
            "t10"."_row" AS v
          FROM "visits" AS t10
          WHERE
            "t10"."child_id" = (
              "s"."e2"
            )
            AND (
              (
                (
                  "t10"."type"
                ) = (
                  'lac'
                )
              )
              AND (
                (
                  "t10"."date"
                ) >= (
                  "s"."start_date"
                )
              )
            )
          ORDER BY
            (
              "t10"."date"
            ) ASC,
            (
              "t10"."_row"
            )
          LIMIT 1
        )
        ELSE NULL
      END AS "e7"
    FROM (
      SELECT
        s.*,
        "j2"."_row" AS "e1",
        "j2"."child_id" AS "e2",
        "j6"."_row" AS "e4",
        "j6"."legal_status" AS "e5"
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
  ) AS s
  LEFT JOIN "visits" AS j12
    ON "j12"."_row" = (
      "s"."e7"
    )
) AS s
ORDER BY
  "s"."_row";

-- LAC-IRO-CONTACT: The IRO spoke with the child before each review
-- not decided on the Standard Safeguarding Dataset: it needs The SSD keeps only the date of the latest IRO contact on each episode of care (ssd_cla_episodes), not each contact as a visit: contacts before earlier reviews cannot be shown, so judging them from its visits would fail reviews the IRO did prepare for.

-- MISSING-RHI-72H: Children in care are offered a return home interview within 72 hours of coming back from missing
-- not decided on the Standard Safeguarding Dataset: it needs `missing_episodes.rhi_offered_date`: the SSD records whether a return interview was offered, not when

-- CL-ACCOM-SUITABLE: Care leavers live in suitable accommodation
WITH "care_leavers" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."eligibility" AS "eligibility",
    "v"."in_touch" AS "in_touch",
    "v"."accommodation" AS "accommodation",
    "v"."accommodation_suitable" AS "accommodation_suitable",
    "v"."activity" AS "activity",
    "v"."personal_adviser_id" AS "personal_adviser_id",
    "v"."last_contact_date" AS "last_contact_date",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      c.clea_person_id AS "child_id",
      CASE
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'RELEVANT'
        THEN 'relevant'
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'FORMER RELEVANT'
        THEN 'former_relevant'
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'ELIGIBLE'
        THEN 'eligible'
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'QUALIFYING'
        THEN 'qualifying'
      END AS "eligibility",
      UPPER(c.clea_care_leaver_in_touch) AS "in_touch",
      UPPER(c.clea_care_leaver_accommodation) AS "accommodation",
      CASE
        WHEN c.clea_care_leaver_accom_suitable = '1'
        THEN TRUE
        WHEN c.clea_care_leaver_accom_suitable = '2'
        THEN FALSE
      END AS "accommodation_suitable",
      UPPER(c.clea_care_leaver_activity) AS "activity",
      c.clea_care_leaver_personal_advisor AS "personal_adviser_id",
      CAST(c.clea_care_leaver_latest_contact AS DATE) AS "last_contact_date"
    FROM ssd_care_leavers AS c
  ) AS v
)
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
  "s"."in_touch" AS "r_fail_5"
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
ORDER BY
  "s"."_row";

-- CL-IN-TOUCH: Care leavers the council is in touch with
WITH "care_leavers" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."eligibility" AS "eligibility",
    "v"."in_touch" AS "in_touch",
    "v"."accommodation" AS "accommodation",
    "v"."accommodation_suitable" AS "accommodation_suitable",
    "v"."activity" AS "activity",
    "v"."personal_adviser_id" AS "personal_adviser_id",
    "v"."last_contact_date" AS "last_contact_date",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      c.clea_person_id AS "child_id",
      CASE
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'RELEVANT'
        THEN 'relevant'
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'FORMER RELEVANT'
        THEN 'former_relevant'
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'ELIGIBLE'
        THEN 'eligible'
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'QUALIFYING'
        THEN 'qualifying'
      END AS "eligibility",
      UPPER(c.clea_care_leaver_in_touch) AS "in_touch",
      UPPER(c.clea_care_leaver_accommodation) AS "accommodation",
      CASE
        WHEN c.clea_care_leaver_accom_suitable = '1'
        THEN TRUE
        WHEN c.clea_care_leaver_accom_suitable = '2'
        THEN FALSE
      END AS "accommodation_suitable",
      UPPER(c.clea_care_leaver_activity) AS "activity",
      c.clea_care_leaver_personal_advisor AS "personal_adviser_id",
      CAST(c.clea_care_leaver_latest_contact AS DATE) AS "last_contact_date"
    FROM ssd_care_leavers AS c
  ) AS v
)
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
ORDER BY
  "s"."_row";

-- CL-EET: Care leavers in education, employment or training
WITH "care_leavers" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."eligibility" AS "eligibility",
    "v"."in_touch" AS "in_touch",
    "v"."accommodation" AS "accommodation",
    "v"."accommodation_suitable" AS "accommodation_suitable",
    "v"."activity" AS "activity",
    "v"."personal_adviser_id" AS "personal_adviser_id",
    "v"."last_contact_date" AS "last_contact_date",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      c.clea_person_id AS "child_id",
      CASE
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'RELEVANT'
        THEN 'relevant'
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'FORMER RELEVANT'
        THEN 'former_relevant'
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'ELIGIBLE'
        THEN 'eligible'
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'QUALIFYING'
        THEN 'qualifying'
      END AS "eligibility",
      UPPER(c.clea_care_leaver_in_touch) AS "in_touch",
      UPPER(c.clea_care_leaver_accommodation) AS "accommodation",
      CASE
        WHEN c.clea_care_leaver_accom_suitable = '1'
        THEN TRUE
        WHEN c.clea_care_leaver_accom_suitable = '2'
        THEN FALSE
      END AS "accommodation_suitable",
      UPPER(c.clea_care_leaver_activity) AS "activity",
      c.clea_care_leaver_personal_advisor AS "personal_adviser_id",
      CAST(c.clea_care_leaver_latest_contact AS DATE) AS "last_contact_date"
    FROM ssd_care_leavers AS c
  ) AS v
)
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
  "s"."in_touch" AS "r_not_evidenced_1"
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
ORDER BY
  "s"."_row";

-- CL-PATHWAY-PLAN-6M: Care leavers have a pathway plan reviewed within the last 6 months
WITH "children" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."date_of_birth" AS "date_of_birth",
    "v"."expected_date_of_birth" AS "expected_date_of_birth",
    "v"."sex" AS "sex",
    "v"."ethnicity" AS "ethnicity",
    "v"."disabled" AS "disabled",
    "v"."uasc" AS "uasc",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      p.pers_person_id AS "child_id",
      CAST(p.pers_dob AS DATE) AS "date_of_birth",
      CAST(p.pers_expected_dob AS DATE) AS "expected_date_of_birth",
      UPPER(p.pers_sex) AS "sex",
      UPPER(p.pers_ethnicity) AS "ethnicity",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id AND UPPER(d.disa_disability_code) <> 'NONE'
        )
        THEN TRUE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id
        )
        THEN FALSE
      END AS "disabled",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_immigration_status AS i
          WHERE
            i.immi_person_id = p.pers_person_id
            AND UPPER(i.immi_immigration_status) IN (
              'UASC',
              'UNACCOMPANIED ASYLUM SEEKING CHILD',
              'UNACCOMPANIED ASYLUM-SEEKING CHILD'
            )
        )
        THEN TRUE
        ELSE FALSE
      END AS "uasc"
    FROM ssd_person AS p
  ) AS v
), "care_leavers" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."eligibility" AS "eligibility",
    "v"."in_touch" AS "in_touch",
    "v"."accommodation" AS "accommodation",
    "v"."accommodation_suitable" AS "accommodation_suitable",
    "v"."activity" AS "activity",
    "v"."personal_adviser_id" AS "personal_adviser_id",
    "v"."last_contact_date" AS "last_contact_date",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      c.clea_person_id AS "child_id",
      CASE
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'RELEVANT'
        THEN 'relevant'
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'FORMER RELEVANT'
        THEN 'former_relevant'
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'ELIGIBLE'
        THEN 'eligible'
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'QUALIFYING'
        THEN 'qualifying'
      END AS "eligibility",
      UPPER(c.clea_care_leaver_in_touch) AS "in_touch",
      UPPER(c.clea_care_leaver_accommodation) AS "accommodation",
      CASE
        WHEN c.clea_care_leaver_accom_suitable = '1'
        THEN TRUE
        WHEN c.clea_care_leaver_accom_suitable = '2'
        THEN FALSE
      END AS "accommodation_suitable",
      UPPER(c.clea_care_leaver_activity) AS "activity",
      c.clea_care_leaver_personal_advisor AS "personal_adviser_id",
      CAST(c.clea_care_leaver_latest_contact AS DATE) AS "last_contact_date"
    FROM ssd_care_leavers AS c
  ) AS v
), "pathway_plans" AS (
  SELECT
    "v"."pathway_plan_id" AS "pathway_plan_id",
    "v"."child_id" AS "child_id",
    "v"."date" AS "date",
    ROW_NUMBER() OVER (ORDER BY "v"."pathway_plan_id") AS "_row"
  FROM (
    SELECT
      c.clea_table_id AS "pathway_plan_id",
      c.clea_person_id AS "child_id",
      CAST(c.clea_pathway_plan_review_date AS DATE) AS "date"
    FROM ssd_care_leavers AS c
    WHERE
      NOT c.clea_pathway_plan_review_date IS NULL
  ) AS v
)
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
  CAST('2025-03-31' AS DATE) AS "r_fail_3"
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
                CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-6 MONTH' AS DATE)
              )
            END AS c
          FROM "pathway_plans" AS t3
          WHERE
            "t3"."child_id" = (
              "s"."e2"
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
          CAST(CAST("s"."e4" + INTERVAL '192 MONTH' AS DATE) + INTERVAL '3 MONTH' AS DATE)
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
ORDER BY
  "s"."_row";

-- CL-PA-ALLOCATED: Care leavers have a personal adviser
WITH "care_leavers" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."eligibility" AS "eligibility",
    "v"."in_touch" AS "in_touch",
    "v"."accommodation" AS "accommodation",
    "v"."accommodation_suitable" AS "accommodation_suitable",
    "v"."activity" AS "activity",
    "v"."personal_adviser_id" AS "personal_adviser_id",
    "v"."last_contact_date" AS "last_contact_date",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      c.clea_person_id AS "child_id",
      CASE
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'RELEVANT'
        THEN 'relevant'
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'FORMER RELEVANT'
        THEN 'former_relevant'
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'ELIGIBLE'
        THEN 'eligible'
        WHEN UPPER(c.clea_care_leaver_eligibility) = 'QUALIFYING'
        THEN 'qualifying'
      END AS "eligibility",
      UPPER(c.clea_care_leaver_in_touch) AS "in_touch",
      UPPER(c.clea_care_leaver_accommodation) AS "accommodation",
      CASE
        WHEN c.clea_care_leaver_accom_suitable = '1'
        THEN TRUE
        WHEN c.clea_care_leaver_accom_suitable = '2'
        THEN FALSE
      END AS "accommodation_suitable",
      UPPER(c.clea_care_leaver_activity) AS "activity",
      c.clea_care_leaver_personal_advisor AS "personal_adviser_id",
      CAST(c.clea_care_leaver_latest_contact AS DATE) AS "last_contact_date"
    FROM ssd_care_leavers AS c
  ) AS v
)
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
  "s"."eligibility" AS "r_fail_1"
FROM (
  SELECT
    s.*,
    NOT (
      (
        "s"."personal_adviser_id"
      ) IS NULL
    ) AS "e1",
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
    ) AS "e2"
  FROM "care_leavers" AS s
) AS s
ORDER BY
  "s"."_row";

-- SUPERVISION-INTERVAL: Workers are supervised at least as often as the local standard
-- not decided on the Standard Safeguarding Dataset: it needs table `supervisions`, which the Standard Safeguarding Dataset has no place for; `social_workers.end_date`: the SSD does not record when a worker left; `social_workers.start_date`: the SSD does not record when a worker started

-- SUPERVISION-REFLECTIVE: Supervision is reflective, not only case direction
-- not decided on the Standard Safeguarding Dataset: it needs table `supervisions`, which the Standard Safeguarding Dataset has no place for; `social_workers.end_date`: the SSD does not record when a worker left; `social_workers.start_date`: the SSD does not record when a worker started

-- CASELOAD-LIMIT: Social workers' caseloads are within the local limit
-- not decided on the Standard Safeguarding Dataset: it needs `social_workers.end_date`: the SSD does not record when a worker left; `social_workers.role`: the SSD's job title is free text, not a role; `social_workers.start_date`: the SSD does not record when a worker started

-- NQSW-CASELOAD: Newly qualified social workers have a protected caseload
-- not decided on the Standard Safeguarding Dataset: it needs `social_workers.end_date`: the SSD does not record when a worker left; `social_workers.newly_qualified`: the SSD does not record the assessed and supported year in employment; `social_workers.start_date`: the SSD does not record when a worker started

-- SW-CHANGES: Children do not have frequent changes of social worker
WITH "children" AS (
  SELECT
    "v"."child_id" AS "child_id",
    "v"."date_of_birth" AS "date_of_birth",
    "v"."expected_date_of_birth" AS "expected_date_of_birth",
    "v"."sex" AS "sex",
    "v"."ethnicity" AS "ethnicity",
    "v"."disabled" AS "disabled",
    "v"."uasc" AS "uasc",
    ROW_NUMBER() OVER (ORDER BY "v"."child_id") AS "_row"
  FROM (
    SELECT
      p.pers_person_id AS "child_id",
      CAST(p.pers_dob AS DATE) AS "date_of_birth",
      CAST(p.pers_expected_dob AS DATE) AS "expected_date_of_birth",
      UPPER(p.pers_sex) AS "sex",
      UPPER(p.pers_ethnicity) AS "ethnicity",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id AND UPPER(d.disa_disability_code) <> 'NONE'
        )
        THEN TRUE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_disability AS d
          WHERE
            d.disa_person_id = p.pers_person_id
        )
        THEN FALSE
      END AS "disabled",
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM ssd_immigration_status AS i
          WHERE
            i.immi_person_id = p.pers_person_id
            AND UPPER(i.immi_immigration_status) IN (
              'UASC',
              'UNACCOMPANIED ASYLUM SEEKING CHILD',
              'UNACCOMPANIED ASYLUM-SEEKING CHILD'
            )
        )
        THEN TRUE
        ELSE FALSE
      END AS "uasc"
    FROM ssd_person AS p
  ) AS v
), "case_allocations" AS (
  SELECT
    "v"."allocation_id" AS "allocation_id",
    "v"."child_id" AS "child_id",
    "v"."worker_id" AS "worker_id",
    "v"."team" AS "team",
    "v"."start_date" AS "start_date",
    "v"."end_date" AS "end_date",
    ROW_NUMBER() OVER (ORDER BY "v"."allocation_id") AS "_row"
  FROM (
    SELECT
      i.invo_involvements_id AS "allocation_id",
      i.invo_person_id AS "child_id",
      i.invo_professional_id AS "worker_id",
      i.invo_professional_team AS "team",
      CAST(i.invo_involvement_start_date AS DATE) AS "start_date",
      CAST(i.invo_involvement_end_date AS DATE) AS "end_date"
    FROM ssd_involvements AS i
  ) AS v
)
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
  CASE
    WHEN EXISTS(
      SELECT
        1
      FROM "case_allocations" AS t10
      LEFT JOIN LATERAL (
        SELECT
          "t11"."_row" AS v
        FROM "case_allocations" AS t11
        WHERE
          "t11"."child_id" = (
            "s"."child_id"
          )
          AND (
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
            )
          )
        ORDER BY
          (
            "t11"."start_date"
          ) DESC NULLS LAST,
          (
            "t11"."_row"
          )
        LIMIT 1
      ) AS pk13
        ON TRUE
      LEFT JOIN LATERAL (
        SELECT
          CASE
            WHEN COUNT(
              CASE
                WHEN (
                  (
                    "q12"."c"
                  ) OR (
                    (
                      "q12"."c"
                    ) IS NULL
                  )
                )
                AND (
                  (
                    "q12"."k"
                  ) IS NULL
                )
                THEN 1
              END
            ) > 0
            THEN FALSE
            WHEN COUNT(CASE WHEN "q12"."c" THEN 1 END) = 0
            THEN FALSE
            WHEN MAX(CASE WHEN (
              "q12"."c"
            ) IS NULL THEN "q12"."k" END) >= MAX(CASE WHEN "q12"."c" THEN "q12"."k" END)
            THEN FALSE
            ELSE TRUE
          END AS ok
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
            "t11"."start_date" AS k
          FROM "case_allocations" AS t11
          WHERE
            "t11"."child_id" = (
              "s"."child_id"
            )
        ) AS q12
      ) AS pc14
        ON TRUE
      WHERE
        "t10"."child_id" = (
          "s"."child_id"
        )
        AND (
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
                    CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
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
                    CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
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
                      CASE WHEN "pc14"."ok" THEN "pk13"."v" ELSE NULL END
                    )
                ),
                "t10"."worker_id"
              )
            ) <> (
              "t10"."worker_id"
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
        FROM "case_allocations" AS t10
        LEFT JOIN LATERAL (
          SELECT
            "t11"."_row" AS v
          FROM "case_allocations" AS t11
          WHERE
            "t11"."child_id" = (
              "s"."child_id"
            )
            AND (
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
              )
            )
          ORDER BY
            (
              "t11"."start_date"
            ) DESC NULLS LAST,
            (
              "t11"."_row"
            )
          LIMIT 1
        ) AS pk13
          ON TRUE
        LEFT JOIN LATERAL (
          SELECT
            CASE
              WHEN COUNT(
                CASE
                  WHEN (
                    (
                      "q12"."c"
                    ) OR (
                      (
                        "q12"."c"
                      ) IS NULL
                    )
                  )
                  AND (
                    (
                      "q12"."k"
                    ) IS NULL
                  )
                  THEN 1
                END
              ) > 0
              THEN FALSE
              WHEN COUNT(CASE WHEN "q12"."c" THEN 1 END) = 0
              THEN FALSE
              WHEN MAX(CASE WHEN (
                "q12"."c"
              ) IS NULL THEN "q12"."k" END) >= MAX(CASE WHEN "q12"."c" THEN "q12"."k" END)
              THEN FALSE
              ELSE TRUE
            END AS ok
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
              "t11"."start_date" AS k
            FROM "case_allocations" AS t11
            WHERE
              "t11"."child_id" = (
                "s"."child_id"
              )
          ) AS q12
        ) AS pc14
          ON TRUE
        WHERE
          (
            "t10"."child_id" = (
              "s"."child_id"
            )
          )
          AND (
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
                      CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
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
                      CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
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
                        CASE WHEN "pc14"."ok" THEN "pk13"."v" ELSE NULL END
                      )
                  ),
                  "t10"."worker_id"
                )
              ) <> (
                "t10"."worker_id"
              )
            )
          )
      ) AS q16
    )
  END AS "r_fail_3",
  2 AS "r_fail_5"
FROM (
  SELECT
    s.*,
    (
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM "case_allocations" AS t1
          LEFT JOIN LATERAL (
            SELECT
              "t2"."_row" AS v
            FROM "case_allocations" AS t2
            WHERE
              "t2"."child_id" = (
                "s"."child_id"
              )
              AND (
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
                )
              )
            ORDER BY
              (
                "t2"."start_date"
              ) DESC NULLS LAST,
              (
                "t2"."_row"
              )
            LIMIT 1
          ) AS pk4
            ON TRUE
          LEFT JOIN LATERAL (
            SELECT
              CASE
                WHEN COUNT(
                  CASE
                    WHEN (
                      (
                        "q3"."c"
                      ) OR (
                        (
                          "q3"."c"
                        ) IS NULL
                      )
                    )
                    AND (
                      (
                        "q3"."k"
                      ) IS NULL
                    )
                    THEN 1
                  END
                ) > 0
                THEN FALSE
                WHEN COUNT(CASE WHEN "q3"."c" THEN 1 END) = 0
                THEN FALSE
                WHEN MAX(CASE WHEN (
                  "q3"."c"
                ) IS NULL THEN "q3"."k" END) >= MAX(CASE WHEN "q3"."c" THEN "q3"."k" END)
                THEN FALSE
                ELSE TRUE
              END AS ok
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
                "t2"."start_date" AS k
              FROM "case_allocations" AS t2
              WHERE
                "t2"."child_id" = (
                  "s"."child_id"
                )
            ) AS q3
          ) AS pc5
            ON TRUE
          WHERE
            "t1"."child_id" = (
              "s"."child_id"
            )
            AND (
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
                        CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
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
                        CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
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
                          CASE WHEN "pc5"."ok" THEN "pk4"."v" ELSE NULL END
                        )
                    ),
                    "t1"."worker_id"
                  )
                ) <> (
                  "t1"."worker_id"
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
            FROM "case_allocations" AS t1
            LEFT JOIN LATERAL (
              SELECT
                "t2"."_row" AS v
              FROM "case_allocations" AS t2
              WHERE
                "t2"."child_id" = (
                  "s"."child_id"
                )
                AND (
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
                  )
                )
              ORDER BY
                (
                  "t2"."start_date"
                ) DESC NULLS LAST,
                (
                  "t2"."_row"
                )
              LIMIT 1
            ) AS pk4
              ON TRUE
            LEFT JOIN LATERAL (
              SELECT
                CASE
                  WHEN COUNT(
                    CASE
                      WHEN (
                        (
                          "q3"."c"
                        ) OR (
                          (
                            "q3"."c"
                          ) IS NULL
                        )
                      )
                      AND (
                        (
                          "q3"."k"
                        ) IS NULL
                      )
                      THEN 1
                    END
                  ) > 0
                  THEN FALSE
                  WHEN COUNT(CASE WHEN "q3"."c" THEN 1 END) = 0
                  THEN FALSE
                  WHEN MAX(CASE WHEN (
                    "q3"."c"
                  ) IS NULL THEN "q3"."k" END) >= MAX(CASE WHEN "q3"."c" THEN "q3"."k" END)
                  THEN FALSE
                  ELSE TRUE
                END AS ok
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
                  "t2"."start_date" AS k
                FROM "case_allocations" AS t2
                WHERE
                  "t2"."child_id" = (
                    "s"."child_id"
                  )
              ) AS q3
            ) AS pc5
              ON TRUE
            WHERE
              (
                "t1"."child_id" = (
                  "s"."child_id"
                )
              )
              AND (
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
                          CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
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
                          CAST(CAST(CAST('2025-03-31' AS DATE) + INTERVAL '-12 MONTH' AS DATE) + INTERVAL '1 DAY' AS DATE)
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
                            CASE WHEN "pc5"."ok" THEN "pk4"."v" ELSE NULL END
                          )
                      ),
                      "t1"."worker_id"
                    )
                  ) <> (
                    "t1"."worker_id"
                  )
                )
              )
          ) AS q7
        )
      END
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
      ) AS q9
    ) AS "e2"
  FROM "children" AS s
) AS s
ORDER BY
  "s"."_row";

-- AUDIT-VIEWS-RECORDED: Audited cases record the child's wishes and feelings
-- not decided on the Standard Safeguarding Dataset: it needs table `case_audits`, which the Standard Safeguarding Dataset has no place for

-- AUDIT-IDENTITY-CONSIDERED: Audited cases consider the child's identity - ethnicity, culture, language and religion
-- not decided on the Standard Safeguarding Dataset: it needs table `case_audits`, which the Standard Safeguarding Dataset has no place for

-- AUDIT-FATHERS-INVOLVED: Audited cases identify and involve fathers and significant males
-- not decided on the Standard Safeguarding Dataset: it needs table `case_audits`, which the Standard Safeguarding Dataset has no place for

-- AUDIT-CHRONOLOGY: Audited cases have an up-to-date chronology
-- not decided on the Standard Safeguarding Dataset: it needs table `case_audits`, which the Standard Safeguarding Dataset has no place for

-- AUDIT-PLAN-SMART: Audited cases have plans with measurable outcomes, timescales and contingency
-- not decided on the Standard Safeguarding Dataset: it needs table `case_audits`, which the Standard Safeguarding Dataset has no place for

-- AUDIT-MANAGEMENT-OVERSIGHT: Audited cases show management oversight at key decision points
-- not decided on the Standard Safeguarding Dataset: it needs table `case_audits`, which the Standard Safeguarding Dataset has no place for

-- AUDIT-RISK-ANALYSIS: Audited cases analyse risk and protective factors
-- not decided on the Standard Safeguarding Dataset: it needs table `case_audits`, which the Standard Safeguarding Dataset has no place for

-- AUDIT-GRADE-GOOD: Audited cases are graded good or better
-- not decided on the Standard Safeguarding Dataset: it needs table `case_audits`, which the Standard Safeguarding Dataset has no place for

