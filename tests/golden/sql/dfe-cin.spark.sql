 pack dfe-cin (109 rules), as at 2025-03-31, dialect spark
-- Tables: one per table of schema `cin-census`, with the schema's fields and _row (record position).
--   header(_row BIGINT, header_id STRING, collection STRING, year BIGINT, reference_date DATE, source_level STRING, lea STRING, software_code STRING, release STRING, serial_no STRING, date_time STRING)
--   children(_row BIGINT, child_key STRING, header_id STRING, position BIGINT, la_child_id STRING, upn STRING, former_upn STRING, upn_unknown STRING, birth_date DATE, expected_birth_date DATE, sex STRING, gender_current STRING, death_date DATE, ethnicity STRING)
--   disabilities(_row BIGINT, disability_key STRING, child_key STRING, header_id STRING, code STRING)
--   cin_details(_row BIGINT, cin_key STRING, child_key STRING, header_id STRING, number BIGINT, referral_date DATE, referral_source STRING, primary_need STRING, closure_date DATE, reason_for_closure STRING, initial_cpc_date DATE, referral_nfa STRING)
--   assessments(_row BIGINT, assessment_key STRING, child_key STRING, cin_key STRING, number BIGINT, start_date DATE, internal_review_date DATE, authorisation_date DATE, factors_block BOOLEAN)
--   assessment_factors(_row BIGINT, factor_key STRING, assessment_key STRING, child_key STRING, code STRING)
--   cin_plans(_row BIGINT, cin_plan_key STRING, child_key STRING, cin_key STRING, number BIGINT, start_date DATE, end_date DATE)
--   section47(_row BIGINT, s47_key STRING, child_key STRING, header_id STRING, cin_key STRING, number BIGINT, start_date DATE, icpc_target DATE, icpc_date DATE, icpc_not_required STRING)
--   cp_plans(_row BIGINT, cpp_key STRING, child_key STRING, header_id STRING, cin_key STRING, number BIGINT, start_date DATE, end_date DATE, initial_category STRING, latest_category STRING, previous_plans STRING)
--   cpp_reviews(_row BIGINT, review_key STRING, child_key STRING, cin_key STRING, cpp_key STRING, date DATE)

-- 1103: Assessment starts before the referral date (DfE 1103)
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`start_date`
    ) >= (
      `s`.`e2`
    ) AS `e3`,
    (
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`e2`
        ) IS NULL
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`referral_date` AS `e2`
    FROM `assessments` AS s
    LEFT JOIN `cin_details` AS j2
      ON `j2`.`cin_key` = (
        `s`.`cin_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8608: Assessment authorised (ended) before it started (DfE 8608)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`authorisation_date`
    ) >= (
      `s`.`start_date`
    ) AS `e1`,
    (
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`authorisation_date`
        ) IS NULL
      )
    ) AS `e2`
  FROM `assessments` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8670Q: Assessment started more than 45 working days before the reference date and has no authorisation date (DfE 8670Q)
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e3`
    )
    THEN CASE
      WHEN (
        `s`.`e2`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e2`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e3`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e3` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`start_date`
    ) >= (
      `s`.`e1`
    ) AS `e2`
  FROM (
    SELECT
      s.*,
      (
        SELECT
          `c1`.`d`
        FROM `cc_calendar` AS c1
        WHERE
          (
            `c1`.`is_wd`
          ) AND (
            `c1`.`wd` = (
              (
                8907
              ) + -43
            )
          )
      ) AS `e1`,
      (
        (
          `s`.`authorisation_date`
        ) IS NULL
      )
      AND (
        NOT (
          (
            `s`.`start_date`
          ) IS NULL
        )
      ) AS `e3`
    FROM `assessments` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8696: Assessment authorisation date is outside the census year (DfE 8696)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        (
          `s`.`authorisation_date`
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
          `s`.`authorisation_date`
        ) >= (
          CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
        )
      )
      AND (
        (
          `s`.`authorisation_date`
        ) <= (
          CAST('2025-03-31' AS DATE)
        )
      )
    END AS `e1`,
    NOT (
      (
        `s`.`authorisation_date`
      ) IS NULL
    ) AS `e2`
  FROM `assessments` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8736: Assessment not completed, and its start date is not in the census year (DfE 8736)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
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
    END AS `e1`,
    (
      `s`.`authorisation_date`
    ) IS NULL AS `e2`
  FROM `assessments` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8614: Assessment factors given for an assessment that is not completed (DfE 8614)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      (
        SELECT
          COUNT(*)
        FROM (
          SELECT
            1 AS v
          FROM `assessment_factors` AS t1
          WHERE
            COALESCE(`t1`.`assessment_key`, `t1`.`assessment_key`) = (
              `s`.`assessment_key`
            )
        ) AS q2
      )
    ) = (
      0
    ) AS `e1`,
    (
      `s`.`authorisation_date`
    ) IS NULL AS `e2`
  FROM `assessments` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8897Q: Assessment authorised in the census year has no assessment factors, or one that is not a census code (DfE 8897Q)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      (
        (
          SELECT
            COUNT(*)
          FROM (
            SELECT
              1 AS v
            FROM `assessment_factors` AS t1
            WHERE
              COALESCE(`t1`.`assessment_key`, `t1`.`assessment_key`) = (
                `s`.`assessment_key`
              )
          ) AS q2
        )
      ) > (
        0
      )
    )
    AND (
      (
        SELECT
          NOT (
            CASE
              WHEN COUNT(CASE WHEN `q5`.`c` THEN 1 END) > 0
              THEN TRUE
              WHEN COUNT(CASE WHEN (
                `q5`.`c`
              ) IS NULL THEN 1 END) > 0
              THEN NULL
              ELSE FALSE
            END
          )
        FROM (
          SELECT
            NOT (
              CASE
                WHEN (
                  COALESCE(`t3`.`code`, '')
                ) IS NULL
                THEN NULL
                ELSE (
                  COALESCE(`t3`.`code`, '')
                ) IN (
                  '1A',
                  '1B',
                  '1C',
                  '2A',
                  '2B',
                  '2C',
                  '3A',
                  '3B',
                  '3C',
                  '4A',
                  '4B',
                  '4C',
                  '5A',
                  '5B',
                  '5C',
                  '6A',
                  '6B',
                  '6C',
                  '7A',
                  '8B',
                  '8C',
                  '8D',
                  '8E',
                  '8F',
                  '9A',
                  '10A',
                  '11A',
                  '12A',
                  '13A',
                  '14A',
                  '15A',
                  '16A',
                  '17A',
                  '18A',
                  '18B',
                  '18C',
                  '19A',
                  '19B',
                  '19C',
                  '20',
                  '21',
                  '22A',
                  '23A',
                  '24A'
                )
              END
            ) AS c
          FROM `assessment_factors` AS t3
          WHERE
            COALESCE(`t3`.`assessment_key`, `t3`.`assessment_key`) = (
              `s`.`assessment_key`
            )
        ) AS q5
      )
    ) AS `e1`,
    (
      NOT (
        (
          `s`.`authorisation_date`
        ) IS NULL
      )
    )
    AND (
      (
        `s`.`authorisation_date`
      ) >= (
        CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
      )
    ) AS `e2`
  FROM `assessments` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8869: Assessment factor 21 ("no factors identified") is used with other factors (DfE 8869)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM `assessment_factors` AS t1
          WHERE
            COALESCE(`t1`.`assessment_key`, `t1`.`assessment_key`) = (
              `s`.`assessment_key`
            )
            AND (
              (
                `t1`.`code`
              ) <> (
                '21'
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
            FROM `assessment_factors` AS t1
            WHERE
              (
                COALESCE(`t1`.`assessment_key`, `t1`.`assessment_key`) = (
                  `s`.`assessment_key`
                )
              )
              AND (
                (
                  `t1`.`code`
                ) <> (
                  '21'
                )
              )
          ) AS q2
        )
      END
    ) = (
      0
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
            `t3`.`code`
          ) = (
            '21'
          ) AS c
        FROM `assessment_factors` AS t3
        WHERE
          COALESCE(`t3`.`assessment_key`, `t3`.`assessment_key`) = (
            `s`.`assessment_key`
          )
      ) AS q4
    ) AS `e2`
  FROM `assessments` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8898: The same assessment factor is recorded twice on the assessment (DfE 8898)
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
  END AS outcome
FROM (
  SELECT
    s.*,
    (
      CASE
        WHEN (
          EXISTS(
            SELECT
              1
            FROM `assessment_factors` AS t1
            WHERE
              COALESCE(`t1`.`assessment_key`, `t1`.`assessment_key`) = (
                `s`.`assessment_key`
              )
              AND (
                NOT (
                  (
                    `t1`.`code`
                  ) IS NULL
                )
              ) IS NULL
          )
        )
        OR (
          EXISTS(
            SELECT
              1
            FROM `assessment_factors` AS t1
            WHERE
              (
                (
                  COALESCE(`t1`.`assessment_key`, `t1`.`assessment_key`) = (
                    `s`.`assessment_key`
                  )
                )
                AND (
                  NOT (
                    (
                      `t1`.`code`
                    ) IS NULL
                  )
                )
              )
              AND (
                `t1`.`code`
              ) IS NULL
          )
        )
        THEN NULL
        ELSE (
          SELECT
            COUNT(*)
          FROM (
            SELECT
              1 AS v
            FROM (
              SELECT
                `t1`.`code` AS v,
                MIN(`t1`.`_row`) AS o
              FROM `assessment_factors` AS t1
              WHERE
                (
                  COALESCE(`t1`.`assessment_key`, `t1`.`assessment_key`) = (
                    `s`.`assessment_key`
                  )
                )
                AND (
                  NOT (
                    (
                      `t1`.`code`
                    ) IS NULL
                  )
                )
              GROUP BY
                `t1`.`code`
            ) AS l2
          ) AS q3
        )
      END
    ) = (
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM `assessment_factors` AS t4
          WHERE
            COALESCE(`t4`.`assessment_key`, `t4`.`assessment_key`) = (
              `s`.`assessment_key`
            )
            AND (
              NOT (
                (
                  `t4`.`code`
                ) IS NULL
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
            FROM `assessment_factors` AS t4
            WHERE
              (
                COALESCE(`t4`.`assessment_key`, `t4`.`assessment_key`) = (
                  `s`.`assessment_key`
                )
              )
              AND (
                NOT (
                  (
                    `t4`.`code`
                  ) IS NULL
                )
              )
          ) AS q5
        )
      END
    ) AS `e1`
  FROM `assessments` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8863Q: Assessment starts while another assessment of the episode is ongoing (DfE 8863Q)
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
  `s`.`e4` AS `_when`
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
                    `t3`.`assessment_key`
                  ) <> (
                    `s`.`assessment_key`
                  )
                )
                AND (
                  NOT (
                    (
                      `t3`.`start_date`
                    ) IS NULL
                  )
                )
              )
              AND (
                (
                  `t3`.`start_date`
                ) <= (
                  `s`.`start_date`
                )
              )
            )
            AND (
              (
                (
                  NOT (
                    (
                      `t3`.`authorisation_date`
                    ) IS NULL
                  )
                )
                AND (
                  (
                    `s`.`start_date`
                  ) <= (
                    `t3`.`authorisation_date`
                  )
                )
              )
              OR (
                (
                  (
                    `t3`.`authorisation_date`
                  ) IS NULL
                )
                AND (
                  (
                    `s`.`start_date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              )
            ) AS c
          FROM `assessments` AS t3
          WHERE
            COALESCE(`t3`.`cin_key`, `t3`.`cin_key`) = (
              `s`.`e2`
            )
        ) AS q4
      )
    END AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`cin_key` AS `e2`,
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      ) AS `e4`
    FROM `assessments` AS s
    LEFT JOIN `cin_details` AS j2
      ON `j2`.`cin_key` = (
        `s`.`cin_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8896: More than one open assessment (no authorisation date) in the episode (DfE 8896)
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    (
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
            FROM `assessments` AS t3
            WHERE
              COALESCE(`t3`.`cin_key`, `t3`.`cin_key`) = (
                `s`.`e2`
              )
              AND (
                (
                  `t3`.`authorisation_date`
                ) IS NULL
              ) IS NULL
          )
        )
        THEN NULL
        ELSE (
          SELECT
            COUNT(*)
          FROM (
            SELECT
              1 AS v
            FROM `assessments` AS t3
            WHERE
              (
                COALESCE(`t3`.`cin_key`, `t3`.`cin_key`) = (
                  `s`.`e2`
                )
              )
              AND (
                (
                  `t3`.`authorisation_date`
                ) IS NULL
              )
          ) AS q4
        )
      END
    ) <= (
      1
    ) AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`cin_key` AS `e2`,
      (
        `s`.`authorisation_date`
      ) IS NULL AS `e4`
    FROM `assessments` AS s
    LEFT JOIN `cin_details` AS j2
      ON `j2`.`cin_key` = (
        `s`.`cin_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8873Q: Only assessment of the episode found "no factors" (21) but the episode was not closed RC8/RC9 (DfE 8873Q)
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
  `s`.`e6` AS `_when`
FROM (
  SELECT
    s.*,
    CASE WHEN (
      `s`.`e3`
    ) IS NULL THEN NULL ELSE (
      `s`.`e3`
    ) IN ('RC8', 'RC9') END AS `e4`
  FROM (
    SELECT
      s.*,
      COALESCE(`s`.`e2`, '') AS `e3`,
      (
        (
          CASE
            WHEN (
              `s`.`e1`
            ) IS NULL
            THEN NULL
            ELSE (
              SELECT
                COUNT(*)
              FROM (
                SELECT
                  1 AS v
                FROM `assessments` AS t5
                WHERE
                  COALESCE(`t5`.`cin_key`, `t5`.`cin_key`) = (
                    `s`.`e5`
                  )
              ) AS q6
            )
          END
        ) = (
          1
        )
      )
      AND (
        (
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
              (
                `t7`.`code`
              ) = (
                '21'
              ) AS c
            FROM `assessment_factors` AS t7
            WHERE
              COALESCE(`t7`.`assessment_key`, `t7`.`assessment_key`) = (
                `s`.`assessment_key`
              )
          ) AS q8
        )
      ) AS `e6`
    FROM (
      SELECT
        s.*,
        `j2`.`_row` AS `e1`,
        `j2`.`reason_for_closure` AS `e2`,
        `j2`.`cin_key` AS `e5`
      FROM `assessments` AS s
      LEFT JOIN `cin_details` AS j2
        ON `j2`.`cin_key` = (
          `s`.`cin_key`
        )
    ) AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8500: LA child ID is missing (DfE 8500)
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
  END AS outcome
FROM (
  SELECT
    s.*,
    NOT (
      (
        `s`.`la_child_id`
      ) IS NULL
    ) AS `e1`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8510: More than one child in the return has this LA child ID (DfE 8510)
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
  `s`.`la_child_id` AS `r_fail_1`,
  CASE
    WHEN (
      `s`.`la_child_id`
    ) IS NULL
    THEN NULL
    WHEN (
      (
        `s`.`e1`
      ) IS NULL
    )
    OR (
      EXISTS(
        SELECT
          1
        FROM `children` AS t5
        WHERE
          COALESCE(`t5`.`header_id`, `t5`.`header_id`) = (
            `s`.`e2`
          )
          AND (
            NOT (
              (
                `t5`.`la_child_id`
              ) IS NULL
            )
          ) IS NULL
      )
    )
    THEN NULL
    WHEN EXISTS(
      SELECT
        1
      FROM `children` AS t5
      WHERE
        (
          (
            COALESCE(`t5`.`header_id`, `t5`.`header_id`) = (
              `s`.`e2`
            )
          )
          AND (
            NOT (
              (
                `t5`.`la_child_id`
              ) IS NULL
            )
          )
        )
        AND (
          `t5`.`la_child_id`
        ) IS NULL
    )
    THEN NULL
    ELSE (
      SELECT
        COUNT(*)
      FROM `children` AS t5
      WHERE
        (
          (
            COALESCE(`t5`.`header_id`, `t5`.`header_id`) = (
              `s`.`e2`
            )
          )
          AND (
            NOT (
              (
                `t5`.`la_child_id`
              ) IS NULL
            )
          )
        )
        AND (
          `t5`.`la_child_id`
        ) = (
          `s`.`la_child_id`
        )
    )
  END AS `r_fail_3`
FROM (
  SELECT
    s.*,
    (
      CASE
        WHEN (
          `s`.`la_child_id`
        ) IS NULL
        THEN NULL
        WHEN (
          (
            `s`.`e1`
          ) IS NULL
        )
        OR (
          EXISTS(
            SELECT
              1
            FROM `children` AS t3
            WHERE
              COALESCE(`t3`.`header_id`, `t3`.`header_id`) = (
                `s`.`e2`
              )
              AND (
                NOT (
                  (
                    `t3`.`la_child_id`
                  ) IS NULL
                )
              ) IS NULL
          )
        )
        THEN NULL
        WHEN EXISTS(
          SELECT
            1
          FROM `children` AS t3
          WHERE
            (
              (
                COALESCE(`t3`.`header_id`, `t3`.`header_id`) = (
                  `s`.`e2`
                )
              )
              AND (
                NOT (
                  (
                    `t3`.`la_child_id`
                  ) IS NULL
                )
              )
            )
            AND (
              `t3`.`la_child_id`
            ) IS NULL
        )
        THEN NULL
        ELSE (
          SELECT
            COUNT(*)
          FROM `children` AS t3
          WHERE
            (
              (
                COALESCE(`t3`.`header_id`, `t3`.`header_id`) = (
                  `s`.`e2`
                )
              )
              AND (
                NOT (
                  (
                    `t3`.`la_child_id`
                  ) IS NULL
                )
              )
            )
            AND (
              `t3`.`la_child_id`
            ) = (
              `s`.`la_child_id`
            )
        )
      END
    ) = (
      1
    ) AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`header_id` AS `e2`,
      NOT (
        (
          `s`.`la_child_id`
        ) IS NULL
      ) AS `e4`
    FROM `children` AS s
    LEFT JOIN `header` AS j2
      ON `j2`.`header_id` = (
        `s`.`header_id`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 1510: UPN has the wrong check letter (character 1) (DfE 1510)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      CASE
        WHEN (
          (
            1
          ) < 1
        ) OR (
          (
            1
          ) < 0
        )
        THEN NULL
        ELSE SUBSTRING(`s`.`upn`, 1, 1)
      END
    ) = (
      CASE
        WHEN (
          `s`.`upn`
        ) IS NULL
        THEN NULL
        WHEN (
          LENGTH(`s`.`upn`) = 13
        )
        AND (
          LOCATE(SUBSTRING(`s`.`upn`, 2, 1), '0123456789') > 0
        )
        AND (
          LOCATE(SUBSTRING(`s`.`upn`, 3, 1), '0123456789') > 0
        )
        AND (
          LOCATE(SUBSTRING(`s`.`upn`, 4, 1), '0123456789') > 0
        )
        AND (
          LOCATE(SUBSTRING(`s`.`upn`, 5, 1), '0123456789') > 0
        )
        AND (
          LOCATE(SUBSTRING(`s`.`upn`, 6, 1), '0123456789') > 0
        )
        AND (
          LOCATE(SUBSTRING(`s`.`upn`, 7, 1), '0123456789') > 0
        )
        AND (
          LOCATE(SUBSTRING(`s`.`upn`, 8, 1), '0123456789') > 0
        )
        AND (
          LOCATE(SUBSTRING(`s`.`upn`, 9, 1), '0123456789') > 0
        )
        AND (
          LOCATE(SUBSTRING(`s`.`upn`, 10, 1), '0123456789') > 0
        )
        AND (
          LOCATE(SUBSTRING(`s`.`upn`, 11, 1), '0123456789') > 0
        )
        AND (
          LOCATE(SUBSTRING(`s`.`upn`, 12, 1), '0123456789') > 0
        )
        AND (
          (
            LOCATE(SUBSTRING(`s`.`upn`, 13, 1), '0123456789') + LOCATE(SUBSTRING(`s`.`upn`, 13, 1), 'ABCDEFGHJKLMNPQRTUVWXYZ')
          ) > 0
        )
        THEN SUBSTRING(
          'ABCDEFGHJKLMNPQRTUVWXYZ',
          (
            (
              (
                LOCATE(SUBSTRING(`s`.`upn`, 2, 1), '0123456789') - 1
              ) * 2 + (
                LOCATE(SUBSTRING(`s`.`upn`, 3, 1), '0123456789') - 1
              ) * 3 + (
                LOCATE(SUBSTRING(`s`.`upn`, 4, 1), '0123456789') - 1
              ) * 4 + (
                LOCATE(SUBSTRING(`s`.`upn`, 5, 1), '0123456789') - 1
              ) * 5 + (
                LOCATE(SUBSTRING(`s`.`upn`, 6, 1), '0123456789') - 1
              ) * 6 + (
                LOCATE(SUBSTRING(`s`.`upn`, 7, 1), '0123456789') - 1
              ) * 7 + (
                LOCATE(SUBSTRING(`s`.`upn`, 8, 1), '0123456789') - 1
              ) * 8 + (
                LOCATE(SUBSTRING(`s`.`upn`, 9, 1), '0123456789') - 1
              ) * 9 + (
                LOCATE(SUBSTRING(`s`.`upn`, 10, 1), '0123456789') - 1
              ) * 10 + (
                LOCATE(SUBSTRING(`s`.`upn`, 11, 1), '0123456789') - 1
              ) * 11 + (
                LOCATE(SUBSTRING(`s`.`upn`, 12, 1), '0123456789') - 1
              ) * 12 + (
                CASE
                  WHEN LOCATE(SUBSTRING(`s`.`upn`, 13, 1), '0123456789') > 0
                  THEN LOCATE(SUBSTRING(`s`.`upn`, 13, 1), '0123456789') - 1
                  ELSE LOCATE(SUBSTRING(`s`.`upn`, 13, 1), 'ABCDEFGHJKLMNPQRTUVWXYZ') - 1
                END
              ) * 13
            ) % 23
          ) + 1,
          1
        )
        ELSE NULL
      END
    ) AS `e1`,
    (
      NOT (
        (
          `s`.`upn`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          CASE
            WHEN (
              `s`.`upn`
            ) IS NULL
            THEN NULL
            WHEN (
              LENGTH(`s`.`upn`) = 13
            )
            AND (
              LOCATE(SUBSTRING(`s`.`upn`, 2, 1), '0123456789') > 0
            )
            AND (
              LOCATE(SUBSTRING(`s`.`upn`, 3, 1), '0123456789') > 0
            )
            AND (
              LOCATE(SUBSTRING(`s`.`upn`, 4, 1), '0123456789') > 0
            )
            AND (
              LOCATE(SUBSTRING(`s`.`upn`, 5, 1), '0123456789') > 0
            )
            AND (
              LOCATE(SUBSTRING(`s`.`upn`, 6, 1), '0123456789') > 0
            )
            AND (
              LOCATE(SUBSTRING(`s`.`upn`, 7, 1), '0123456789') > 0
            )
            AND (
              LOCATE(SUBSTRING(`s`.`upn`, 8, 1), '0123456789') > 0
            )
            AND (
              LOCATE(SUBSTRING(`s`.`upn`, 9, 1), '0123456789') > 0
            )
            AND (
              LOCATE(SUBSTRING(`s`.`upn`, 10, 1), '0123456789') > 0
            )
            AND (
              LOCATE(SUBSTRING(`s`.`upn`, 11, 1), '0123456789') > 0
            )
            AND (
              LOCATE(SUBSTRING(`s`.`upn`, 12, 1), '0123456789') > 0
            )
            AND (
              (
                LOCATE(SUBSTRING(`s`.`upn`, 13, 1), '0123456789') + LOCATE(SUBSTRING(`s`.`upn`, 13, 1), 'ABCDEFGHJKLMNPQRTUVWXYZ')
              ) > 0
            )
            THEN SUBSTRING(
              'ABCDEFGHJKLMNPQRTUVWXYZ',
              (
                (
                  (
                    LOCATE(SUBSTRING(`s`.`upn`, 2, 1), '0123456789') - 1
                  ) * 2 + (
                    LOCATE(SUBSTRING(`s`.`upn`, 3, 1), '0123456789') - 1
                  ) * 3 + (
                    LOCATE(SUBSTRING(`s`.`upn`, 4, 1), '0123456789') - 1
                  ) * 4 + (
                    LOCATE(SUBSTRING(`s`.`upn`, 5, 1), '0123456789') - 1
                  ) * 5 + (
                    LOCATE(SUBSTRING(`s`.`upn`, 6, 1), '0123456789') - 1
                  ) * 6 + (
                    LOCATE(SUBSTRING(`s`.`upn`, 7, 1), '0123456789') - 1
                  ) * 7 + (
                    LOCATE(SUBSTRING(`s`.`upn`, 8, 1), '0123456789') - 1
                  ) * 8 + (
                    LOCATE(SUBSTRING(`s`.`upn`, 9, 1), '0123456789') - 1
                  ) * 9 + (
                    LOCATE(SUBSTRING(`s`.`upn`, 10, 1), '0123456789') - 1
                  ) * 10 + (
                    LOCATE(SUBSTRING(`s`.`upn`, 11, 1), '0123456789') - 1
                  ) * 11 + (
                    LOCATE(SUBSTRING(`s`.`upn`, 12, 1), '0123456789') - 1
                  ) * 12 + (
                    CASE
                      WHEN LOCATE(SUBSTRING(`s`.`upn`, 13, 1), '0123456789') > 0
                      THEN LOCATE(SUBSTRING(`s`.`upn`, 13, 1), '0123456789') - 1
                      ELSE LOCATE(SUBSTRING(`s`.`upn`, 13, 1), 'ABCDEFGHJKLMNPQRTUVWXYZ') - 1
                    END
                  ) * 13
                ) % 23
              ) + 1,
              1
            )
            ELSE NULL
          END
        ) IS NULL
      )
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 1520: More than one child in the return has this UPN (DfE 1520)
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
  `s`.`upn` AS `r_fail_1`,
  CASE
    WHEN (
      `s`.`upn`
    ) IS NULL
    THEN NULL
    WHEN (
      (
        `s`.`e1`
      ) IS NULL
    )
    OR (
      EXISTS(
        SELECT
          1
        FROM `children` AS t5
        WHERE
          COALESCE(`t5`.`header_id`, `t5`.`header_id`) = (
            `s`.`e2`
          )
          AND (
            NOT (
              (
                `t5`.`upn`
              ) IS NULL
            )
          ) IS NULL
      )
    )
    THEN NULL
    WHEN EXISTS(
      SELECT
        1
      FROM `children` AS t5
      WHERE
        (
          (
            COALESCE(`t5`.`header_id`, `t5`.`header_id`) = (
              `s`.`e2`
            )
          )
          AND (
            NOT (
              (
                `t5`.`upn`
              ) IS NULL
            )
          )
        )
        AND (
          `t5`.`upn`
        ) IS NULL
    )
    THEN NULL
    ELSE (
      SELECT
        COUNT(*)
      FROM `children` AS t5
      WHERE
        (
          (
            COALESCE(`t5`.`header_id`, `t5`.`header_id`) = (
              `s`.`e2`
            )
          )
          AND (
            NOT (
              (
                `t5`.`upn`
              ) IS NULL
            )
          )
        )
        AND (
          `t5`.`upn`
        ) = (
          `s`.`upn`
        )
    )
  END AS `r_fail_3`
FROM (
  SELECT
    s.*,
    (
      CASE
        WHEN (
          `s`.`upn`
        ) IS NULL
        THEN NULL
        WHEN (
          (
            `s`.`e1`
          ) IS NULL
        )
        OR (
          EXISTS(
            SELECT
              1
            FROM `children` AS t3
            WHERE
              COALESCE(`t3`.`header_id`, `t3`.`header_id`) = (
                `s`.`e2`
              )
              AND (
                NOT (
                  (
                    `t3`.`upn`
                  ) IS NULL
                )
              ) IS NULL
          )
        )
        THEN NULL
        WHEN EXISTS(
          SELECT
            1
          FROM `children` AS t3
          WHERE
            (
              (
                COALESCE(`t3`.`header_id`, `t3`.`header_id`) = (
                  `s`.`e2`
                )
              )
              AND (
                NOT (
                  (
                    `t3`.`upn`
                  ) IS NULL
                )
              )
            )
            AND (
              `t3`.`upn`
            ) IS NULL
        )
        THEN NULL
        ELSE (
          SELECT
            COUNT(*)
          FROM `children` AS t3
          WHERE
            (
              (
                COALESCE(`t3`.`header_id`, `t3`.`header_id`) = (
                  `s`.`e2`
                )
              )
              AND (
                NOT (
                  (
                    `t3`.`upn`
                  ) IS NULL
                )
              )
            )
            AND (
              `t3`.`upn`
            ) = (
              `s`.`upn`
            )
        )
      END
    ) = (
      1
    ) AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`header_id` AS `e2`,
      NOT (
        (
          `s`.`upn`
        ) IS NULL
      ) AS `e4`
    FROM `children` AS s
    LEFT JOIN `header` AS j2
      ON `j2`.`header_id` = (
        `s`.`header_id`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 1530: UPN characters 2-4 are not a recognised LA code (DfE 1530)
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e3`
    )
    THEN CASE
      WHEN (
        `s`.`e2`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e2`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e3`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e3` AS `_when`
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
      ) IN (
        '001',
        '002',
        '003',
        '004',
        '005',
        '201',
        '202',
        '203',
        '204',
        '205',
        '206',
        '207',
        '208',
        '209',
        '210',
        '211',
        '212',
        '213',
        '301',
        '302',
        '303',
        '304',
        '305',
        '306',
        '307',
        '308',
        '309',
        '310',
        '311',
        '312',
        '313',
        '314',
        '315',
        '316',
        '317',
        '318',
        '319',
        '320',
        '330',
        '331',
        '332',
        '333',
        '334',
        '335',
        '336',
        '340',
        '341',
        '342',
        '343',
        '344',
        '350',
        '351',
        '352',
        '353',
        '354',
        '355',
        '356',
        '357',
        '358',
        '359',
        '370',
        '371',
        '372',
        '373',
        '380',
        '381',
        '382',
        '383',
        '384',
        '390',
        '391',
        '392',
        '393',
        '394',
        '420',
        '660',
        '661',
        '662',
        '663',
        '664',
        '665',
        '666',
        '667',
        '668',
        '669',
        '670',
        '671',
        '672',
        '673',
        '674',
        '675',
        '676',
        '677',
        '678',
        '679',
        '680',
        '681',
        '701',
        '702',
        '703',
        '704',
        '705',
        '706',
        '707',
        '708',
        '800',
        '801',
        '802',
        '803',
        '805',
        '806',
        '807',
        '808',
        '810',
        '811',
        '812',
        '813',
        '815',
        '816',
        '820',
        '821',
        '822',
        '823',
        '825',
        '826',
        '830',
        '831',
        '835',
        '836',
        '837',
        '838',
        '839',
        '840',
        '841',
        '845',
        '846',
        '850',
        '851',
        '852',
        '855',
        '856',
        '857',
        '860',
        '861',
        '865',
        '866',
        '867',
        '868',
        '869',
        '870',
        '871',
        '872',
        '873',
        '874',
        '875',
        '876',
        '877',
        '878',
        '879',
        '880',
        '881',
        '882',
        '883',
        '884',
        '885',
        '886',
        '887',
        '888',
        '889',
        '890',
        '891',
        '892',
        '893',
        '894',
        '895',
        '896',
        '908',
        '909',
        '916',
        '919',
        '921',
        '925',
        '926',
        '928',
        '929',
        '931',
        '933',
        '935',
        '936',
        '937',
        '938',
        '940',
        '941',
        '942',
        '943'
      )
    END AS `e2`
  FROM (
    SELECT
      s.*,
      CASE
        WHEN (
          (
            2
          ) < 1
        ) OR (
          (
            3
          ) < 0
        )
        THEN NULL
        ELSE SUBSTRING(`s`.`upn`, 2, 3)
      END AS `e1`,
      (
        NOT (
          (
            `s`.`upn`
          ) IS NULL
        )
      )
      AND (
        (
          LENGTH(`s`.`upn`)
        ) = (
          13
        )
      ) AS `e3`
    FROM `children` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 1540: UPN characters 5-12 are not all digits (DfE 1540)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        CASE
          WHEN (
            (
              5
            ) < 1
          ) OR (
            (
              8
            ) < 0
          )
          THEN NULL
          ELSE SUBSTRING(`s`.`upn`, 5, 8)
        END
      ) IS NULL
      THEN NULL
      ELSE CASE
        WHEN (
          (
            5
          ) < 1
        ) OR (
          (
            8
          ) < 0
        )
        THEN NULL
        ELSE SUBSTRING(`s`.`upn`, 5, 8)
      END RLIKE '^(?:[0-9]{8})$'
    END AS `e1`,
    NOT (
      (
        `s`.`upn`
      ) IS NULL
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 1550: UPN character 13 is not a digit or an allowed letter (DfE 1550)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        CASE
          WHEN (
            (
              13
            ) < 1
          ) OR (
            (
              1
            ) < 0
          )
          THEN NULL
          ELSE SUBSTRING(`s`.`upn`, 13, 1)
        END
      ) IS NULL
      THEN NULL
      ELSE CASE
        WHEN (
          (
            13
          ) < 1
        ) OR (
          (
            1
          ) < 0
        )
        THEN NULL
        ELSE SUBSTRING(`s`.`upn`, 13, 1)
      END RLIKE '^(?:[A-HJ-NP-RT-Z0-9])$'
    END AS `e1`,
    (
      NOT (
        (
          `s`.`upn`
        ) IS NULL
      )
    )
    AND (
      (
        LENGTH(`s`.`upn`)
      ) = (
        13
      )
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 1560Q: Former UPN is not a letter followed by 12 digits (DfE 1560Q)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        `s`.`former_upn`
      ) IS NULL
      THEN NULL
      ELSE `s`.`former_upn` RLIKE '^(?:[A-Za-z][0-9]{12})$'
    END AS `e1`,
    NOT (
      (
        `s`.`former_upn`
      ) IS NULL
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 4220: Ethnicity is missing or not a census ethnicity code (DfE 4220)
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
  END AS outcome
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
      ) IN (
        'ABAN',
        'AIND',
        'AOTH',
        'APKN',
        'BAFR',
        'BCRB',
        'BOTH',
        'CHNE',
        'MOTH',
        'MWAS',
        'MWBA',
        'MWBC',
        'NOBT',
        'OOTH',
        'REFU',
        'WBRI',
        'WIRI',
        'WIRT',
        'WOTH',
        'WROM'
      )
    END AS `e2`
  FROM (
    SELECT
      s.*,
      COALESCE(`s`.`ethnicity`, '') AS `e1`
    FROM `children` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8520: Date of birth is after the end of the census year (DfE 8520)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`birth_date`
    ) <= (
      CAST('2025-03-31' AS DATE)
    ) AS `e1`,
    NOT (
      (
        `s`.`birth_date`
      ) IS NULL
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8525Q: Give a date of birth or an expected date of birth, not both and not neither (DfE 8525Q)
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
  END AS outcome
FROM (
  SELECT
    s.*,
    (
      NOT (
        (
          `s`.`birth_date`
        ) IS NULL
      )
    ) <> (
      NOT (
        (
          `s`.`expected_birth_date`
        ) IS NULL
      )
    ) AS `e1`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8530Q: Expected date of birth is outside 30 days before to 9 months after the reference date (DfE 8530Q)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        (
          `s`.`expected_birth_date`
        ) IS NULL
      )
      OR (
        (
          CAST(DATE_ADD(CAST('2025-03-31' AS DATE), -30) AS DATE)
        ) IS NULL
      )
      OR (
        (
          CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), 9) AS DATE)
        ) IS NULL
      )
      THEN NULL
      ELSE (
        (
          `s`.`expected_birth_date`
        ) >= (
          CAST(DATE_ADD(CAST('2025-03-31' AS DATE), -30) AS DATE)
        )
      )
      AND (
        (
          `s`.`expected_birth_date`
        ) <= (
          CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), 9) AS DATE)
        )
      )
    END AS `e1`,
    NOT (
      (
        `s`.`expected_birth_date`
      ) IS NULL
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8535Q: Date of death is before the date of birth (DfE 8535Q)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      NOT (
        (
          `s`.`birth_date`
        ) IS NULL
      )
    )
    AND (
      (
        `s`.`death_date`
      ) >= (
        `s`.`birth_date`
      )
    ) AS `e1`,
    NOT (
      (
        `s`.`death_date`
      ) IS NULL
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8545Q: Date of death is outside the census year (DfE 8545Q)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        (
          `s`.`death_date`
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
          `s`.`death_date`
        ) >= (
          CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
        )
      )
      AND (
        (
          `s`.`death_date`
        ) <= (
          CAST('2025-03-31' AS DATE)
        )
      )
    END AS `e1`,
    NOT (
      (
        `s`.`death_date`
      ) IS NULL
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8540: Disability is missing or not a census disability code (child referred for further action) (DfE 8540)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      (
        (
          SELECT
            COUNT(*)
          FROM (
            SELECT
              1 AS v
            FROM `disabilities` AS t1
            WHERE
              COALESCE(`t1`.`child_key`, `t1`.`child_key`) = (
                `s`.`child_key`
              )
          ) AS q2
        )
      ) > (
        0
      )
    )
    AND (
      (
        SELECT
          CASE
            WHEN COUNT(CASE WHEN NOT (
              `q4`.`c`
            ) THEN 1 END) > 0
            THEN FALSE
            WHEN COUNT(CASE WHEN (
              `q4`.`c`
            ) IS NULL THEN 1 END) > 0
            THEN NULL
            ELSE TRUE
          END
        FROM (
          SELECT
            CASE
              WHEN (
                COALESCE(`t3`.`code`, '')
              ) IS NULL
              THEN NULL
              ELSE (
                COALESCE(`t3`.`code`, '')
              ) IN (
                'NONE',
                'MOB',
                'HAND',
                'PC',
                'INC',
                'COMM',
                'LD',
                'HEAR',
                'VIS',
                'BEH',
                'CON',
                'AUT',
                'DDA'
              )
            END AS c
          FROM `disabilities` AS t3
          WHERE
            COALESCE(`t3`.`child_key`, `t3`.`child_key`) = (
              `s`.`child_key`
            )
        ) AS q4
      )
    ) AS `e1`,
    (
      NOT (
        (
          `s`.`birth_date`
        ) IS NULL
      )
    )
    AND (
      (
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
                COALESCE(`t6`.`referral_nfa`, '')
              ) IS NULL
              THEN NULL
              ELSE (
                COALESCE(`t6`.`referral_nfa`, '')
              ) IN ('false', '0', 'FALSE')
            END AS c
          FROM `cin_details` AS t6
          WHERE
            COALESCE(`t6`.`child_key`, `t6`.`child_key`) = (
              `s`.`child_key`
            )
        ) AS q8
      )
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8590: Child has no CIN episode (CINdetails) (DfE 8590)
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
  END AS outcome
FROM (
  SELECT
    s.*,
    (
      (
        SELECT
          COUNT(*)
        FROM (
          SELECT
            1 AS v
          FROM `cin_details` AS t1
          WHERE
            COALESCE(`t1`.`child_key`, `t1`.`child_key`) = (
              `s`.`child_key`
            )
        ) AS q2
      )
    ) > (
      0
    ) AS `e1`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8772: Reason for no UPN is UN7 (referral with no further action) but an episode went on to further action (DfE 8772)
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
  `s`.`e2` AS `_when`
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
          CASE
            WHEN (
              COALESCE(`t1`.`referral_nfa`, '')
            ) IS NULL
            THEN NULL
            ELSE (
              COALESCE(`t1`.`referral_nfa`, '')
            ) IN ('true', '1', 'TRUE')
          END AS c
        FROM `cin_details` AS t1
        WHERE
          COALESCE(`t1`.`child_key`, `t1`.`child_key`) = (
            `s`.`child_key`
          )
      ) AS q2
    ) AS `e1`,
    (
      `s`.`upn_unknown`
    ) = (
      'UN7'
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8775Q: Child is over 25 and has an episode open past their 25th birthday (DfE 8775Q)
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
  `s`.`e2` AS `_when`
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
          (
            NOT (
              (
                `t1`.`closure_date`
              ) IS NULL
            )
          )
          AND (
            (
              `t1`.`closure_date`
            ) <= (
              CAST(ADD_MONTHS(`s`.`birth_date`, 300) AS DATE)
            )
          ) AS c
        FROM `cin_details` AS t1
        WHERE
          COALESCE(`t1`.`child_key`, `t1`.`child_key`) = (
            `s`.`child_key`
          )
      ) AS q2
    ) AS `e1`,
    (
      NOT (
        (
          `s`.`birth_date`
        ) IS NULL
      )
    )
    AND (
      (
        `s`.`birth_date`
      ) < (
        CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -300) AS DATE)
      )
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8790: Disabilities include both NONE and another code (DfE 8790)
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
  `s`.`e2` AS `_when`
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
            `t1`.`code`
          ) = (
            'NONE'
          ) AS c
        FROM `disabilities` AS t1
        WHERE
          COALESCE(`t1`.`child_key`, `t1`.`child_key`) = (
            `s`.`child_key`
          )
      ) AS q2
    ) AS `e1`,
    (
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM `disabilities` AS t3
          WHERE
            COALESCE(`t3`.`child_key`, `t3`.`child_key`) = (
              `s`.`child_key`
            )
            AND (
              (
                `t3`.`code`
              ) <> (
                'NONE'
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
            FROM `disabilities` AS t3
            WHERE
              (
                COALESCE(`t3`.`child_key`, `t3`.`child_key`) = (
                  `s`.`child_key`
                )
              )
              AND (
                (
                  `t3`.`code`
                ) <> (
                  'NONE'
                )
              )
          ) AS q4
        )
      END
    ) > (
      0
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8794: The same disability code is recorded twice for the child (DfE 8794)
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
  END AS outcome
FROM (
  SELECT
    s.*,
    (
      CASE
        WHEN (
          EXISTS(
            SELECT
              1
            FROM `disabilities` AS t1
            WHERE
              COALESCE(`t1`.`child_key`, `t1`.`child_key`) = (
                `s`.`child_key`
              )
              AND (
                NOT (
                  (
                    `t1`.`code`
                  ) IS NULL
                )
              ) IS NULL
          )
        )
        OR (
          EXISTS(
            SELECT
              1
            FROM `disabilities` AS t1
            WHERE
              (
                (
                  COALESCE(`t1`.`child_key`, `t1`.`child_key`) = (
                    `s`.`child_key`
                  )
                )
                AND (
                  NOT (
                    (
                      `t1`.`code`
                    ) IS NULL
                  )
                )
              )
              AND (
                `t1`.`code`
              ) IS NULL
          )
        )
        THEN NULL
        ELSE (
          SELECT
            COUNT(*)
          FROM (
            SELECT
              1 AS v
            FROM (
              SELECT
                `t1`.`code` AS v,
                MIN(`t1`.`_row`) AS o
              FROM `disabilities` AS t1
              WHERE
                (
                  COALESCE(`t1`.`child_key`, `t1`.`child_key`) = (
                    `s`.`child_key`
                  )
                )
                AND (
                  NOT (
                    (
                      `t1`.`code`
                    ) IS NULL
                  )
                )
              GROUP BY
                `t1`.`code`
            ) AS l2
          ) AS q3
        )
      END
    ) = (
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM `disabilities` AS t4
          WHERE
            COALESCE(`t4`.`child_key`, `t4`.`child_key`) = (
              `s`.`child_key`
            )
            AND (
              NOT (
                (
                  `t4`.`code`
                ) IS NULL
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
            FROM `disabilities` AS t4
            WHERE
              (
                COALESCE(`t4`.`child_key`, `t4`.`child_key`) = (
                  `s`.`child_key`
                )
              )
              AND (
                NOT (
                  (
                    `t4`.`code`
                  ) IS NULL
                )
              )
          ) AS q5
        )
      END
    ) AS `e1`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 4000: CIN plan recorded on a referral with no further action (DfE 4000)
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e4`
    )
    THEN 'pass'
    WHEN NOT (
      `s`.`e4`
    )
    THEN 'fail'
    ELSE 'not_evidenced'
  END AS outcome
FROM (
  SELECT
    s.*,
    NOT (
      CASE
        WHEN (
          `s`.`e3`
        ) IS NULL
        THEN NULL
        ELSE (
          `s`.`e3`
        ) IN ('true', '1', 'TRUE')
      END
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      COALESCE(`s`.`e2`, '') AS `e3`
    FROM (
      SELECT
        s.*,
        `j2`.`_row` AS `e1`,
        `j2`.`referral_nfa` AS `e2`
      FROM `cin_plans` AS s
      LEFT JOIN `cin_details` AS j2
        ON `j2`.`cin_key` = (
          `s`.`cin_key`
        )
    ) AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 4004: More than one open CIN plan (no end date) in the episode (DfE 4004)
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    (
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
            FROM `cin_plans` AS t3
            WHERE
              COALESCE(`t3`.`cin_key`, `t3`.`cin_key`) = (
                `s`.`e2`
              )
              AND (
                (
                  `t3`.`end_date`
                ) IS NULL
              ) IS NULL
          )
        )
        THEN NULL
        ELSE (
          SELECT
            COUNT(*)
          FROM (
            SELECT
              1 AS v
            FROM `cin_plans` AS t3
            WHERE
              (
                COALESCE(`t3`.`cin_key`, `t3`.`cin_key`) = (
                  `s`.`e2`
                )
              )
              AND (
                (
                  `t3`.`end_date`
                ) IS NULL
              )
          ) AS q4
        )
      END
    ) <= (
      1
    ) AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`cin_key` AS `e2`,
      (
        `s`.`end_date`
      ) IS NULL AS `e4`
    FROM `cin_plans` AS s
    LEFT JOIN `cin_details` AS j2
      ON `j2`.`cin_key` = (
        `s`.`cin_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 4008: CIN plan starts after the child's date of death (DfE 4008)
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`start_date`
    ) <= (
      `s`.`e2`
    ) AS `e3`,
    (
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`e2`
        ) IS NULL
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`death_date` AS `e2`
    FROM `cin_plans` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_key` = (
        `s`.`child_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 4009Q: CIN plan ends after the child's date of death (DfE 4009Q)
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`end_date`
    ) <= (
      `s`.`e2`
    ) AS `e3`,
    (
      NOT (
        (
          `s`.`end_date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`e2`
        ) IS NULL
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`death_date` AS `e2`
    FROM `cin_plans` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_key` = (
        `s`.`child_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 4010: CIN plan start date is missing or after the census year (DfE 4010)
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
  END AS outcome
FROM (
  SELECT
    s.*,
    (
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      )
    )
    AND (
      (
        `s`.`start_date`
      ) <= (
        CAST('2025-03-31' AS DATE)
      )
    ) AS `e1`
  FROM `cin_plans` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 4011: CIN plan ends before it starts (DfE 4011)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`end_date`
    ) >= (
      `s`.`start_date`
    ) AS `e1`,
    (
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`end_date`
        ) IS NULL
      )
    ) AS `e2`
  FROM `cin_plans` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 4012Q: CIN plan starts and ends on the same day (DfE 4012Q)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`end_date`
    ) <> (
      `s`.`start_date`
    ) AS `e1`,
    (
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`end_date`
        ) IS NULL
      )
    ) AS `e2`
  FROM `cin_plans` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 4013: CIN plan end date is outside the census year (DfE 4013)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
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
    END AS `e1`,
    NOT (
      (
        `s`.`end_date`
      ) IS NULL
    ) AS `e2`
  FROM `cin_plans` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 4014: CIN plan dates overlap another CIN plan of the child (DfE 4014)
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
  `s`.`e4` AS `_when`
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
                    `t3`.`cin_plan_key`
                  ) <> (
                    `s`.`cin_plan_key`
                  )
                )
                AND (
                  NOT (
                    (
                      `t3`.`start_date`
                    ) IS NULL
                  )
                )
              )
              AND (
                (
                  `t3`.`start_date`
                ) <= (
                  `s`.`start_date`
                )
              )
            )
            AND (
              (
                (
                  NOT (
                    (
                      `t3`.`end_date`
                    ) IS NULL
                  )
                )
                AND (
                  (
                    `s`.`start_date`
                  ) <= (
                    `t3`.`end_date`
                  )
                )
              )
              OR (
                (
                  (
                    `t3`.`end_date`
                  ) IS NULL
                )
                AND (
                  (
                    `s`.`start_date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              )
            ) AS c
          FROM `cin_plans` AS t3
          WHERE
            COALESCE(`t3`.`child_key`, `t3`.`child_key`) = (
              `s`.`e2`
            )
        ) AS q4
      )
    END AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`child_key` AS `e2`,
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      ) AS `e4`
    FROM `cin_plans` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_key` = (
        `s`.`child_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 4015: CIN plan starts before the referral date (DfE 4015)
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`start_date`
    ) >= (
      `s`.`e2`
    ) AS `e3`,
    (
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`e2`
        ) IS NULL
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`referral_date` AS `e2`
    FROM `cin_plans` AS s
    LEFT JOIN `cin_details` AS j2
      ON `j2`.`cin_key` = (
        `s`.`cin_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 4001: An open CIN plan and an open child protection plan in the same episode (DfE 4001)
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
  `s`.`e4` AS `_when`
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
              `t3`.`end_date`
            ) IS NULL AS c
          FROM `cp_plans` AS t3
          WHERE
            COALESCE(`t3`.`cin_key`, `t3`.`cin_key`) = (
              `s`.`e2`
            )
        ) AS q4
      )
    END AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`cin_key` AS `e2`,
      (
        NOT (
          (
            `s`.`start_date`
          ) IS NULL
        )
      )
      AND (
        (
          `s`.`end_date`
        ) IS NULL
      ) AS `e4`
    FROM `cin_plans` AS s
    LEFT JOIN `cin_details` AS j2
      ON `j2`.`cin_key` = (
        `s`.`cin_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 4016: CIN plan starts while one of the child's child protection plans is open (DfE 4016)
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
  `s`.`e4` AS `_when`
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
                NOT (
                  (
                    `t3`.`start_date`
                  ) IS NULL
                )
              )
              AND (
                (
                  `t3`.`start_date`
                ) <= (
                  `s`.`start_date`
                )
              )
            )
            AND (
              (
                (
                  NOT (
                    (
                      `t3`.`end_date`
                    ) IS NULL
                  )
                )
                AND (
                  (
                    `s`.`start_date`
                  ) < (
                    `t3`.`end_date`
                  )
                )
              )
              OR (
                (
                  (
                    `t3`.`end_date`
                  ) IS NULL
                )
                AND (
                  (
                    `s`.`start_date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              )
            ) AS c
          FROM `cp_plans` AS t3
          WHERE
            COALESCE(`t3`.`child_key`, `t3`.`child_key`) = (
              `s`.`e2`
            )
        ) AS q4
      )
    END AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`child_key` AS `e2`,
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      ) AS `e4`
    FROM `cin_plans` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_key` = (
        `s`.`child_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 4003: CP plan review held while a CIN plan of the episode is open (DfE 4003)
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
  `s`.`e6` AS `_when`
FROM (
  SELECT
    s.*,
    (
      COALESCE((
        `s`.`date`
      ) = (
        `s`.`e2`
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
            NOT (
              CASE
                WHEN COUNT(CASE WHEN `q6`.`c` THEN 1 END) > 0
                THEN TRUE
                WHEN COUNT(CASE WHEN (
                  `q6`.`c`
                ) IS NULL THEN 1 END) > 0
                THEN NULL
                ELSE FALSE
              END
            )
          FROM (
            SELECT
              (
                (
                  NOT (
                    (
                      `t5`.`start_date`
                    ) IS NULL
                  )
                )
                AND (
                  (
                    `t5`.`start_date`
                  ) < (
                    `s`.`date`
                  )
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
                    `s`.`date`
                  ) < (
                    `t5`.`end_date`
                  )
                )
              ) AS c
            FROM `cin_plans` AS t5
            WHERE
              COALESCE(`t5`.`cin_key`, `t5`.`cin_key`) = (
                `s`.`e4`
              )
          ) AS q6
        )
      END
    ) AS `e5`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`end_date` AS `e2`,
      `j4`.`_row` AS `e3`,
      `j4`.`cin_key` AS `e4`,
      NOT (
        (
          `s`.`date`
        ) IS NULL
      ) AS `e6`
    FROM `cpp_reviews` AS s
    LEFT JOIN `cp_plans` AS j2
      ON `j2`.`cpp_key` = (
        `s`.`cpp_key`
      )
    LEFT JOIN `cin_details` AS j4
      ON `j4`.`cin_key` = (
        `s`.`cin_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 1105: Child protection plan starts before the referral date (DfE 1105)
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`start_date`
    ) >= (
      `s`.`e2`
    ) AS `e3`,
    (
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`e2`
        ) IS NULL
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`referral_date` AS `e2`
    FROM `cp_plans` AS s
    LEFT JOIN `cin_details` AS j2
      ON `j2`.`cin_key` = (
        `s`.`cin_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 2885: Child protection plan does not start on the day of an initial conference of its episode (DfE 2885)
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
  `s`.`e5` AS `_when`
FROM (
  SELECT
    s.*,
    (
      (
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
                NOT (
                  CASE
                    WHEN (
                      COALESCE(`t3`.`icpc_not_required`, '')
                    ) IS NULL
                    THEN NULL
                    ELSE (
                      COALESCE(`t3`.`icpc_not_required`, '')
                    ) IN ('true', '1', 'TRUE')
                  END
                ) AS c
              FROM `section47` AS t3
              WHERE
                COALESCE(`t3`.`cin_key`, `t3`.`cin_key`) = (
                  `s`.`e2`
                )
            ) AS q5
          )
        END
      )
      AND (
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
                  NOT (
                    CASE
                      WHEN (
                        COALESCE(`t7`.`icpc_not_required`, '')
                      ) IS NULL
                      THEN NULL
                      ELSE (
                        COALESCE(`t7`.`icpc_not_required`, '')
                      ) IN ('true', '1', 'TRUE')
                    END
                  )
                )
                AND (
                  COALESCE((
                    `t7`.`icpc_date`
                  ) = (
                    `s`.`start_date`
                  ), FALSE)
                ) AS c
              FROM `section47` AS t7
              WHERE
                COALESCE(`t7`.`cin_key`, `t7`.`cin_key`) = (
                  `s`.`e2`
                )
            ) AS q9
          )
        END
      )
    )
    OR (
      (
        CASE
          WHEN (
            `s`.`e1`
          ) IS NULL
          THEN NULL
          ELSE (
            SELECT
              NOT (
                CASE
                  WHEN COUNT(CASE WHEN `q13`.`c` THEN 1 END) > 0
                  THEN TRUE
                  WHEN COUNT(CASE WHEN (
                    `q13`.`c`
                  ) IS NULL THEN 1 END) > 0
                  THEN NULL
                  ELSE FALSE
                END
              )
            FROM (
              SELECT
                NOT (
                  CASE
                    WHEN (
                      COALESCE(`t11`.`icpc_not_required`, '')
                    ) IS NULL
                    THEN NULL
                    ELSE (
                      COALESCE(`t11`.`icpc_not_required`, '')
                    ) IN ('true', '1', 'TRUE')
                  END
                ) AS c
              FROM `section47` AS t11
              WHERE
                COALESCE(`t11`.`cin_key`, `t11`.`cin_key`) = (
                  `s`.`e2`
                )
            ) AS q13
          )
        END
      )
      AND (
        COALESCE((
          `s`.`start_date`
        ) = (
          `s`.`e3`
        ), FALSE)
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`cin_key` AS `e2`,
      `j2`.`initial_cpc_date` AS `e3`,
      (
        NOT (
          (
            `s`.`start_date`
          ) IS NULL
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
      ) AS `e5`
    FROM `cp_plans` AS s
    LEFT JOIN `cin_details` AS j2
      ON `j2`.`cin_key` = (
        `s`.`cin_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8720: Child protection plan start date is missing or after the census year (DfE 8720)
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
  END AS outcome
FROM (
  SELECT
    s.*,
    (
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      )
    )
    AND (
      (
        `s`.`start_date`
      ) <= (
        CAST('2025-03-31' AS DATE)
      )
    ) AS `e1`
  FROM `cp_plans` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8730: Number of previous child protection plans is missing or not zero or more (DfE 8730)
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
  END AS outcome
FROM (
  SELECT
    s.*,
    (
      NOT (
        (
          `s`.`previous_plans`
        ) IS NULL
      )
    )
    AND (
      CASE
        WHEN (
          `s`.`previous_plans`
        ) IS NULL
        THEN NULL
        ELSE `s`.`previous_plans` RLIKE '^(?:[0-9]+)$'
      END
    ) AS `e1`
  FROM `cp_plans` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8832: Child protection plan recorded on a referral with no further action (DfE 8832)
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e4`
    )
    THEN 'pass'
    WHEN NOT (
      `s`.`e4`
    )
    THEN 'fail'
    ELSE 'not_evidenced'
  END AS outcome
FROM (
  SELECT
    s.*,
    NOT (
      CASE
        WHEN (
          `s`.`e3`
        ) IS NULL
        THEN NULL
        ELSE (
          `s`.`e3`
        ) IN ('true', '1', 'TRUE')
      END
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      COALESCE(`s`.`e2`, '') AS `e3`
    FROM (
      SELECT
        s.*,
        `j2`.`_row` AS `e1`,
        `j2`.`referral_nfa` AS `e2`
      FROM `cp_plans` AS s
      LEFT JOIN `cin_details` AS j2
        ON `j2`.`cin_key` = (
          `s`.`cin_key`
        )
    ) AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8840: Child protection plan starts and ends on the same day (DfE 8840)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`end_date`
    ) <> (
      `s`.`start_date`
    ) AS `e1`,
    (
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`end_date`
        ) IS NULL
      )
    ) AS `e2`
  FROM `cp_plans` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8905: Initial category of abuse is missing or not a census code (DfE 8905)
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
  END AS outcome
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
      ) IN ('NEG', 'PHY', 'SAB', 'EMO', 'MUL')
    END AS `e2`
  FROM (
    SELECT
      s.*,
      COALESCE(`s`.`initial_category`, '') AS `e1`
    FROM `cp_plans` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8910: Latest category of abuse is missing or not a census code (DfE 8910)
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
  END AS outcome
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
      ) IN ('NEG', 'PHY', 'SAB', 'EMO', 'MUL')
    END AS `e2`
  FROM (
    SELECT
      s.*,
      COALESCE(`s`.`latest_category`, '') AS `e1`
    FROM `cp_plans` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8915: Child protection plan starts after the child's date of death (DfE 8915)
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`start_date`
    ) <= (
      `s`.`e2`
    ) AS `e3`,
    (
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`e2`
        ) IS NULL
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`death_date` AS `e2`
    FROM `cp_plans` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_key` = (
        `s`.`child_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8920: Child protection plan ends after the child's date of death (DfE 8920)
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`end_date`
    ) <= (
      `s`.`e2`
    ) AS `e3`,
    (
      NOT (
        (
          `s`.`end_date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`e2`
        ) IS NULL
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`death_date` AS `e2`
    FROM `cp_plans` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_key` = (
        `s`.`child_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8925: Child protection plan ends before it starts (DfE 8925)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`end_date`
    ) >= (
      `s`.`start_date`
    ) AS `e1`,
    (
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`end_date`
        ) IS NULL
      )
    ) AS `e2`
  FROM `cp_plans` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8930: Child protection plan end date is outside the census year (DfE 8930)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
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
    END AS `e1`,
    NOT (
      (
        `s`.`end_date`
      ) IS NULL
    ) AS `e2`
  FROM `cp_plans` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8935: More than one open child protection plan (no end date) for this child (DfE 8935)
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    (
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
            FROM `cp_plans` AS t3
            WHERE
              COALESCE(`t3`.`child_key`, `t3`.`child_key`) = (
                `s`.`e2`
              )
              AND (
                (
                  `t3`.`end_date`
                ) IS NULL
              ) IS NULL
          )
        )
        THEN NULL
        ELSE (
          SELECT
            COUNT(*)
          FROM (
            SELECT
              1 AS v
            FROM `cp_plans` AS t3
            WHERE
              (
                COALESCE(`t3`.`child_key`, `t3`.`child_key`) = (
                  `s`.`e2`
                )
              )
              AND (
                (
                  `t3`.`end_date`
                ) IS NULL
              )
          ) AS q4
        )
      END
    ) <= (
      1
    ) AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`child_key` AS `e2`,
      (
        `s`.`end_date`
      ) IS NULL AS `e4`
    FROM `cp_plans` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_key` = (
        `s`.`child_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8940: Child protection plan dates overlap another plan of the child (DfE 8940)
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
  `s`.`e4` AS `_when`
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
                    `t3`.`cpp_key`
                  ) <> (
                    `s`.`cpp_key`
                  )
                )
                AND (
                  NOT (
                    (
                      `t3`.`start_date`
                    ) IS NULL
                  )
                )
              )
              AND (
                (
                  `t3`.`start_date`
                ) <= (
                  `s`.`start_date`
                )
              )
            )
            AND (
              (
                (
                  NOT (
                    (
                      `t3`.`end_date`
                    ) IS NULL
                  )
                )
                AND (
                  (
                    `s`.`start_date`
                  ) <= (
                    `t3`.`end_date`
                  )
                )
              )
              OR (
                (
                  (
                    `t3`.`end_date`
                  ) IS NULL
                )
                AND (
                  (
                    `s`.`start_date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              )
            ) AS c
          FROM `cp_plans` AS t3
          WHERE
            COALESCE(`t3`.`child_key`, `t3`.`child_key`) = (
              `s`.`e2`
            )
        ) AS q4
      )
    END AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`child_key` AS `e2`,
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      ) AS `e4`
    FROM `cp_plans` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_key` = (
        `s`.`child_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8841: Review date is on or before the child protection plan's start date (DfE 8841)
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`date`
    ) > (
      `s`.`e2`
    ) AS `e3`,
    (
      NOT (
        (
          `s`.`date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`e2`
        ) IS NULL
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`start_date` AS `e2`
    FROM `cpp_reviews` AS s
    LEFT JOIN `cp_plans` AS j2
      ON `j2`.`cpp_key` = (
        `s`.`cpp_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8842Q: A review record has no date (DfE 8842Q)
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
  END AS outcome
FROM (
  SELECT
    s.*,
    NOT (
      (
        `s`.`date`
      ) IS NULL
    ) AS `e1`
  FROM `cpp_reviews` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 4017: Child protection plan starts while one of the child's CIN plans is open (DfE 4017)
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
  `s`.`e4` AS `_when`
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
                NOT (
                  (
                    `t3`.`start_date`
                  ) IS NULL
                )
              )
              AND (
                (
                  `t3`.`start_date`
                ) <= (
                  `s`.`start_date`
                )
              )
            )
            AND (
              (
                (
                  NOT (
                    (
                      `t3`.`end_date`
                    ) IS NULL
                  )
                )
                AND (
                  (
                    `s`.`start_date`
                  ) < (
                    `t3`.`end_date`
                  )
                )
              )
              OR (
                (
                  (
                    `t3`.`end_date`
                  ) IS NULL
                )
                AND (
                  (
                    `s`.`start_date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              )
            ) AS c
          FROM `cin_plans` AS t3
          WHERE
            COALESCE(`t3`.`child_key`, `t3`.`child_key`) = (
              `s`.`e2`
            )
        ) AS q4
      )
    END AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`child_key` AS `e2`,
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      ) AS `e4`
    FROM `cp_plans` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_key` = (
        `s`.`child_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8600: Referral date is missing or after the end of the census year (DfE 8600)
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
  END AS outcome
FROM (
  SELECT
    s.*,
    (
      NOT (
        (
          `s`.`referral_date`
        ) IS NULL
      )
    )
    AND (
      (
        `s`.`referral_date`
      ) <= (
        CAST('2025-03-31' AS DATE)
      )
    ) AS `e1`
  FROM `cin_details` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8606: Referral date is more than 280 days (40 weeks) before the date of birth or expected date of birth (DfE 8606)
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
  `s`.`e5` AS `_when`
FROM (
  SELECT
    s.*,
    (
      (
        (
          `s`.`e2`
        ) IS NULL
      )
      OR (
        (
          `s`.`referral_date`
        ) >= (
          CAST(DATE_ADD(`s`.`e2`, -280) AS DATE)
        )
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
          `s`.`referral_date`
        ) >= (
          CAST(DATE_ADD(`s`.`e3`, -280) AS DATE)
        )
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`birth_date` AS `e2`,
      `j2`.`expected_birth_date` AS `e3`,
      NOT (
        (
          `s`.`referral_date`
        ) IS NULL
      ) AS `e5`
    FROM `cin_details` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_key` = (
        `s`.`child_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8555Q: Child referred after their recorded date of death (DfE 8555Q)
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`referral_date`
    ) <= (
      `s`.`e2`
    ) AS `e3`,
    (
      NOT (
        (
          `s`.`e2`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`referral_date`
        ) IS NULL
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`death_date` AS `e2`
    FROM `cin_details` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_key` = (
        `s`.`child_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8568: ReferralNFA is missing or not true/false (DfE 8568)
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
  END AS outcome
FROM (
  SELECT
    s.*,
    (
      CASE
        WHEN (
          `s`.`e1`
        ) IS NULL
        THEN NULL
        ELSE (
          `s`.`e1`
        ) IN ('true', '1', 'TRUE')
      END
    )
    OR (
      CASE
        WHEN (
          `s`.`e1`
        ) IS NULL
        THEN NULL
        ELSE (
          `s`.`e1`
        ) IN ('false', '0', 'FALSE')
      END
    ) AS `e2`
  FROM (
    SELECT
      s.*,
      COALESCE(`s`.`referral_nfa`, '') AS `e1`
    FROM `cin_details` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8569Q: A referral from before the census year (less one working day) is flagged as no further action (DfE 8569Q)
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e5`
    )
    THEN CASE
      WHEN (
        `s`.`e2`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e2`
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
  `s`.`e5` AS `_when`
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
      ) IN ('false', '0', 'FALSE')
    END AS `e2`,
    (
      NOT (
        (
          `s`.`referral_date`
        ) IS NULL
      )
    )
    AND (
      (
        (
          `s`.`referral_date`
        ) < (
          CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), -7) AS DATE)
        )
      )
      OR (
        (
          (
            `s`.`referral_date`
          ) <= (
            CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE)
          )
        )
        AND (
          (
            (
              `s`.`e3`
            ) - (
              `s`.`e4`
            )
          ) >= (
            1
          )
        )
      )
    ) AS `e5`
  FROM (
    SELECT
      s.*,
      COALESCE(`s`.`referral_nfa`, '') AS `e1`,
      (
        SELECT
          `c2`.`wd`
        FROM `cc_calendar` AS c2
        WHERE
          `c2`.`d` = (
            CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE)
          )
      ) AS `e3`,
      (
        SELECT
          `c3`.`wd`
        FROM `cc_calendar` AS c3
        WHERE
          `c3`.`d` = (
            `s`.`referral_date`
          )
      ) AS `e4`
    FROM `cin_details` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8610: Primary need code is missing for a referral that led to further action (DfE 8610)
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e3`
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
      `s`.`e3`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e3` AS `_when`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        `s`.`e2`
      ) IS NULL
      THEN NULL
      ELSE (
        `s`.`e2`
      ) IN ('false', '0', 'FALSE')
    END AS `e3`
  FROM (
    SELECT
      s.*,
      NOT (
        (
          `s`.`primary_need`
        ) IS NULL
      ) AS `e1`,
      COALESCE(`s`.`referral_nfa`, '') AS `e2`
    FROM `cin_details` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8650: Primary need code is not a census code (DfE 8650)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        `s`.`primary_need`
      ) IS NULL
      THEN NULL
      ELSE (
        `s`.`primary_need`
      ) IN ('N0', 'N1', 'N2', 'N3', 'N4', 'N5', 'N6', 'N7', 'N8', 'N9')
    END AS `e1`,
    NOT (
      (
        `s`.`primary_need`
      ) IS NULL
    ) AS `e2`
  FROM `cin_details` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8866: Referral source is missing or not a census code (DfE 8866)
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e3`
    )
    THEN CASE
      WHEN (
        `s`.`e2`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e2`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e3`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e3` AS `_when`
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
      ) IN (
        '1A',
        '1B',
        '1C',
        '1D',
        '2A',
        '2B',
        '3A',
        '3B',
        '3C',
        '3D',
        '3E',
        '3F',
        '4',
        '5A',
        '5B',
        '5C',
        '5D',
        '6',
        '7',
        '8',
        '9',
        '10'
      )
    END AS `e2`
  FROM (
    SELECT
      s.*,
      COALESCE(`s`.`referral_source`, '') AS `e1`,
      (
        NOT (
          (
            `s`.`referral_date`
          ) IS NULL
        )
      )
      AND (
        (
          `s`.`referral_date`
        ) >= (
          CAST('2013-04-01' AS DATE)
        )
      ) AS `e3`
    FROM `cin_details` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8620: CIN closure date is outside the census year (DfE 8620)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        (
          `s`.`closure_date`
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
          `s`.`closure_date`
        ) >= (
          CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
        )
      )
      AND (
        (
          `s`.`closure_date`
        ) <= (
          CAST('2025-03-31' AS DATE)
        )
      )
    END AS `e1`,
    NOT (
      (
        `s`.`closure_date`
      ) IS NULL
    ) AS `e2`
  FROM `cin_details` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8630: CIN closure date is before the referral date (DfE 8630)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`closure_date`
    ) >= (
      `s`.`referral_date`
    ) AS `e1`,
    (
      NOT (
        (
          `s`.`closure_date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`referral_date`
        ) IS NULL
      )
    ) AS `e2`
  FROM `cin_details` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8640: Reason for closure is not a census code (DfE 8640)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        `s`.`reason_for_closure`
      ) IS NULL
      THEN NULL
      ELSE (
        `s`.`reason_for_closure`
      ) IN ('RC1', 'RC2', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC8', 'RC9')
    END AS `e1`,
    NOT (
      (
        `s`.`reason_for_closure`
      ) IS NULL
    ) AS `e2`
  FROM `cin_details` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8805: Episode has a closure date but no reason for closure (DfE 8805)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    NOT (
      (
        `s`.`reason_for_closure`
      ) IS NULL
    ) AS `e1`,
    NOT (
      (
        `s`.`closure_date`
      ) IS NULL
    ) AS `e2`
  FROM `cin_details` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8810: Episode has a reason for closure but no closure date (DfE 8810)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    NOT (
      (
        `s`.`closure_date`
      ) IS NULL
    ) AS `e1`,
    NOT (
      (
        `s`.`reason_for_closure`
      ) IS NULL
    ) AS `e2`
  FROM `cin_details` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8585Q: Episode closed because the child died (RC2) but the child has no date of death (DfE 8585Q)
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    NOT (
      (
        `s`.`e2`
      ) IS NULL
    ) AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`death_date` AS `e2`,
      (
        `s`.`reason_for_closure`
      ) = (
        'RC2'
      ) AS `e4`
    FROM `cin_details` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_key` = (
        `s`.`child_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8815: More than one open episode (no closure date) for this child, not a referral with no further action (DfE 8815)
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
  `s`.`e5` AS `_when`
FROM (
  SELECT
    s.*,
    (
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
            FROM `cin_details` AS t3
            WHERE
              COALESCE(`t3`.`child_key`, `t3`.`child_key`) = (
                `s`.`e2`
              )
              AND (
                (
                  (
                    `t3`.`closure_date`
                  ) IS NULL
                )
                AND (
                  CASE
                    WHEN (
                      COALESCE(`t3`.`referral_nfa`, '')
                    ) IS NULL
                    THEN NULL
                    ELSE (
                      COALESCE(`t3`.`referral_nfa`, '')
                    ) IN ('false', '0', 'FALSE')
                  END
                )
              ) IS NULL
          )
        )
        THEN NULL
        ELSE (
          SELECT
            COUNT(*)
          FROM (
            SELECT
              1 AS v
            FROM `cin_details` AS t3
            WHERE
              (
                COALESCE(`t3`.`child_key`, `t3`.`child_key`) = (
                  `s`.`e2`
                )
              )
              AND (
                (
                  (
                    `t3`.`closure_date`
                  ) IS NULL
                )
                AND (
                  CASE
                    WHEN (
                      COALESCE(`t3`.`referral_nfa`, '')
                    ) IS NULL
                    THEN NULL
                    ELSE (
                      COALESCE(`t3`.`referral_nfa`, '')
                    ) IN ('false', '0', 'FALSE')
                  END
                )
              )
          ) AS q5
        )
      END
    ) <= (
      1
    ) AS `e3`,
    (
      (
        `s`.`closure_date`
      ) IS NULL
    )
    AND (
      CASE
        WHEN (
          `s`.`e4`
        ) IS NULL
        THEN NULL
        ELSE (
          `s`.`e4`
        ) IN ('false', '0', 'FALSE')
      END
    ) AS `e5`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`child_key` AS `e2`,
      COALESCE(`s`.`referral_nfa`, '') AS `e4`
    FROM `cin_details` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_key` = (
        `s`.`child_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8816: An open episode (not a referral with no further action) is not the child's latest (DfE 8816)
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
  `s`.`e5` AS `_when`
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
            WHEN COUNT(CASE WHEN NOT (
              `q4`.`c`
            ) THEN 1 END) > 0
            THEN FALSE
            WHEN COUNT(CASE WHEN (
              `q4`.`c`
            ) IS NULL THEN 1 END) > 0
            THEN NULL
            ELSE TRUE
          END
        FROM (
          SELECT
            NOT (
              (
                (
                  `t3`.`cin_key`
                ) <> (
                  `s`.`cin_key`
                )
              )
              AND (
                NOT (
                  (
                    `t3`.`referral_date`
                  ) IS NULL
                )
              )
            )
            OR (
              (
                (
                  `t3`.`referral_date`
                ) < (
                  `s`.`referral_date`
                )
              )
              OR (
                (
                  (
                    `t3`.`referral_date`
                  ) = (
                    `s`.`referral_date`
                  )
                )
                AND (
                  (
                    `t3`.`number`
                  ) > (
                    `s`.`number`
                  )
                )
              )
            ) AS c
          FROM `cin_details` AS t3
          WHERE
            COALESCE(`t3`.`child_key`, `t3`.`child_key`) = (
              `s`.`e2`
            )
        ) AS q4
      )
    END AS `e3`,
    (
      (
        (
          `s`.`closure_date`
        ) IS NULL
      )
      AND (
        CASE
          WHEN (
            `s`.`e4`
          ) IS NULL
          THEN NULL
          ELSE (
            `s`.`e4`
          ) IN ('false', '0', 'FALSE')
        END
      )
    )
    AND (
      NOT (
        (
          `s`.`referral_date`
        ) IS NULL
      )
    ) AS `e5`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`child_key` AS `e2`,
      COALESCE(`s`.`referral_nfa`, '') AS `e4`
    FROM `cin_details` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_key` = (
        `s`.`child_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8820: This episode starts while another of the child's episodes is still open (DfE 8820)
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
  `s`.`e4` AS `_when`
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
              WHEN COUNT(CASE WHEN `q5`.`c` THEN 1 END) > 0
              THEN TRUE
              WHEN COUNT(CASE WHEN (
                `q5`.`c`
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
                    `t3`.`cin_key`
                  ) <> (
                    `s`.`cin_key`
                  )
                )
                AND (
                  NOT (
                    (
                      `t3`.`referral_date`
                    ) IS NULL
                  )
                )
              )
              AND (
                (
                  `s`.`referral_date`
                ) >= (
                  `t3`.`referral_date`
                )
              )
            )
            AND (
              (
                (
                  NOT (
                    (
                      `t3`.`closure_date`
                    ) IS NULL
                  )
                )
                AND (
                  (
                    `s`.`referral_date`
                  ) < (
                    `t3`.`closure_date`
                  )
                )
              )
              OR (
                (
                  (
                    (
                      `t3`.`closure_date`
                    ) IS NULL
                  )
                  AND (
                    (
                      `s`.`referral_date`
                    ) < (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                )
                AND (
                  CASE
                    WHEN (
                      COALESCE(`t3`.`referral_nfa`, '')
                    ) IS NULL
                    THEN NULL
                    ELSE (
                      COALESCE(`t3`.`referral_nfa`, '')
                    ) IN ('false', '0', 'FALSE')
                  END
                )
              )
            ) AS c
          FROM `cin_details` AS t3
          WHERE
            COALESCE(`t3`.`child_key`, `t3`.`child_key`) = (
              `s`.`e2`
            )
        ) AS q5
      )
    END AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`child_key` AS `e2`,
      NOT (
        (
          `s`.`referral_date`
        ) IS NULL
      ) AS `e4`
    FROM `cin_details` AS s
    LEFT JOIN `children` AS j2
      ON `j2`.`child_key` = (
        `s`.`child_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8825Q: Closed after assessment (RC8/RC9) but the episode has no assessment (DfE 8825Q)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      (
        SELECT
          COUNT(*)
        FROM (
          SELECT
            1 AS v
          FROM `assessments` AS t1
          WHERE
            COALESCE(`t1`.`cin_key`, `t1`.`cin_key`) = (
              `s`.`cin_key`
            )
        ) AS q2
      )
    ) > (
      0
    ) AS `e1`,
    CASE
      WHEN (
        `s`.`reason_for_closure`
      ) IS NULL
      THEN NULL
      ELSE (
        `s`.`reason_for_closure`
      ) IN ('RC8', 'RC9')
    END AS `e2`
  FROM `cin_details` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8831: Activity (assessment, section 47, initial conference) recorded on a referral with no further action (DfE 8831)
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e3`
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
      `s`.`e3`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e3` AS `_when`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        `s`.`e2`
      ) IS NULL
      THEN NULL
      ELSE (
        `s`.`e2`
      ) IN ('true', '1', 'TRUE')
    END AS `e3`
  FROM (
    SELECT
      s.*,
      (
        (
          (
            `s`.`initial_cpc_date`
          ) IS NULL
        )
        AND (
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
                NOT (
                  (
                    `t1`.`start_date`
                  ) IS NULL
                ) AS c
              FROM `section47` AS t1
              WHERE
                COALESCE(`t1`.`cin_key`, `t1`.`cin_key`) = (
                  `s`.`cin_key`
                )
            ) AS q2
          )
        )
      )
      AND (
        (
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
                NOT (
                  (
                    `t3`.`start_date`
                  ) IS NULL
                )
              )
              OR (
                NOT (
                  (
                    `t3`.`authorisation_date`
                  ) IS NULL
                )
              ) AS c
            FROM `assessments` AS t3
            WHERE
              COALESCE(`t3`.`cin_key`, `t3`.`cin_key`) = (
                `s`.`cin_key`
              )
          ) AS q4
        )
      ) AS `e1`,
      COALESCE(`s`.`referral_nfa`, '') AS `e2`
    FROM `cin_details` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 2990: Activity (CIN plan, section 47, conference, CP plan) recorded on a case closed after assessment (RC8/RC9) (DfE 2990)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      (
        (
          (
            `s`.`initial_cpc_date`
          ) IS NULL
        )
        AND (
          (
            (
              SELECT
                COUNT(*)
              FROM (
                SELECT
                  1 AS v
                FROM `cin_plans` AS t1
                WHERE
                  COALESCE(`t1`.`cin_key`, `t1`.`cin_key`) = (
                    `s`.`cin_key`
                  )
              ) AS q2
            )
          ) = (
            0
          )
        )
      )
      AND (
        (
          (
            SELECT
              COUNT(*)
            FROM (
              SELECT
                1 AS v
              FROM `section47` AS t3
              WHERE
                COALESCE(`t3`.`cin_key`, `t3`.`cin_key`) = (
                  `s`.`cin_key`
                )
            ) AS q4
          )
        ) = (
          0
        )
      )
    )
    AND (
      (
        (
          SELECT
            COUNT(*)
          FROM (
            SELECT
              1 AS v
            FROM `cp_plans` AS t5
            WHERE
              COALESCE(`t5`.`cin_key`, `t5`.`cin_key`) = (
                `s`.`cin_key`
              )
          ) AS q6
        )
      ) = (
        0
      )
    ) AS `e1`,
    CASE
      WHEN (
        `s`.`reason_for_closure`
      ) IS NULL
      THEN NULL
      ELSE (
        `s`.`reason_for_closure`
      ) IN ('RC8', 'RC9')
    END AS `e2`
  FROM `cin_details` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 2991Q: A section 47 enquiry is recorded but the episode has no assessment (DfE 2991Q)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      (
        SELECT
          COUNT(*)
        FROM (
          SELECT
            1 AS v
          FROM `assessments` AS t1
          WHERE
            COALESCE(`t1`.`cin_key`, `t1`.`cin_key`) = (
              `s`.`cin_key`
            )
        ) AS q2
      )
    ) > (
      0
    ) AS `e1`,
    (
      (
        SELECT
          COUNT(*)
        FROM (
          SELECT
            1 AS v
          FROM `section47` AS t3
          WHERE
            COALESCE(`t3`.`cin_key`, `t3`.`cin_key`) = (
              `s`.`cin_key`
            )
        ) AS q4
      )
    ) > (
      0
    ) AS `e2`
  FROM `cin_details` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8565: Activity dated after the episode was closed (DfE 8565)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      (
        (
          (
            (
              COALESCE(`s`.`initial_cpc_date`, `s`.`closure_date`)
            ) <= (
              `s`.`closure_date`
            )
          )
          AND (
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
                  (
                    (
                      COALESCE(`t1`.`start_date`, `s`.`closure_date`)
                    ) <= (
                      `s`.`closure_date`
                    )
                  )
                  AND (
                    (
                      COALESCE(`t1`.`authorisation_date`, `s`.`closure_date`)
                    ) <= (
                      `s`.`closure_date`
                    )
                  ) AS c
                FROM `assessments` AS t1
                WHERE
                  COALESCE(`t1`.`cin_key`, `t1`.`cin_key`) = (
                    `s`.`cin_key`
                  )
              ) AS q2
            )
          )
        )
        AND (
          (
            SELECT
              CASE
                WHEN COUNT(CASE WHEN NOT (
                  `q4`.`c`
                ) THEN 1 END) > 0
                THEN FALSE
                WHEN COUNT(CASE WHEN (
                  `q4`.`c`
                ) IS NULL THEN 1 END) > 0
                THEN NULL
                ELSE TRUE
              END
            FROM (
              SELECT
                (
                  (
                    COALESCE(`t3`.`start_date`, `s`.`closure_date`)
                  ) <= (
                    `s`.`closure_date`
                  )
                )
                AND (
                  (
                    COALESCE(`t3`.`icpc_date`, `s`.`closure_date`)
                  ) <= (
                    `s`.`closure_date`
                  )
                ) AS c
              FROM `section47` AS t3
              WHERE
                COALESCE(`t3`.`cin_key`, `t3`.`cin_key`) = (
                  `s`.`cin_key`
                )
            ) AS q4
          )
        )
      )
      AND (
        (
          SELECT
            CASE
              WHEN COUNT(CASE WHEN NOT (
                `q6`.`c`
              ) THEN 1 END) > 0
              THEN FALSE
              WHEN COUNT(CASE WHEN (
                `q6`.`c`
              ) IS NULL THEN 1 END) > 0
              THEN NULL
              ELSE TRUE
            END
          FROM (
            SELECT
              (
                COALESCE(`t5`.`end_date`, `s`.`closure_date`)
              ) <= (
                `s`.`closure_date`
              ) AS c
            FROM `cp_plans` AS t5
            WHERE
              COALESCE(`t5`.`cin_key`, `t5`.`cin_key`) = (
                `s`.`cin_key`
              )
          ) AS q6
        )
      )
    )
    AND (
      (
        SELECT
          CASE
            WHEN COUNT(CASE WHEN NOT (
              `q8`.`c`
            ) THEN 1 END) > 0
            THEN FALSE
            WHEN COUNT(CASE WHEN (
              `q8`.`c`
            ) IS NULL THEN 1 END) > 0
            THEN NULL
            ELSE TRUE
          END
        FROM (
          SELECT
            (
              (
                COALESCE(`t7`.`start_date`, `s`.`closure_date`)
              ) <= (
                `s`.`closure_date`
              )
            )
            AND (
              (
                COALESCE(`t7`.`end_date`, `s`.`closure_date`)
              ) <= (
                `s`.`closure_date`
              )
            ) AS c
          FROM `cin_plans` AS t7
          WHERE
            COALESCE(`t7`.`cin_key`, `t7`.`cin_key`) = (
              `s`.`cin_key`
            )
        ) AS q8
      )
    ) AS `e1`,
    NOT (
      (
        `s`.`closure_date`
      ) IS NULL
    ) AS `e2`
  FROM `cin_details` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8867: Episode closed but an assessment is not completed (no authorisation date) (DfE 8867)
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
  `s`.`e2` AS `_when`
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
            (
              `t1`.`authorisation_date`
            ) IS NULL
          ) AS c
        FROM `assessments` AS t1
        WHERE
          COALESCE(`t1`.`cin_key`, `t1`.`cin_key`) = (
            `s`.`cin_key`
          )
      ) AS q2
    ) AS `e1`,
    NOT (
      (
        `s`.`closure_date`
      ) IS NULL
    ) AS `e2`
  FROM `cin_details` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8868: Episode closed but a section 47 enquiry has neither an initial conference nor ICPC-not-required (DfE 8868)
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
  `s`.`e2` AS `_when`
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
          (
            (
              NOT (
                (
                  `t1`.`icpc_date`
                ) IS NULL
              )
            )
            AND (
              NOT (
                CASE
                  WHEN (
                    COALESCE(`t1`.`icpc_not_required`, '')
                  ) IS NULL
                  THEN NULL
                  ELSE (
                    COALESCE(`t1`.`icpc_not_required`, '')
                  ) IN ('true', '1', 'TRUE')
                END
              )
            )
          )
          OR (
            (
              (
                `t1`.`icpc_date`
              ) IS NULL
            )
            AND (
              CASE
                WHEN (
                  COALESCE(`t1`.`icpc_not_required`, '')
                ) IS NULL
                THEN NULL
                ELSE (
                  COALESCE(`t1`.`icpc_not_required`, '')
                ) IN ('true', '1', 'TRUE')
              END
            )
          ) AS c
        FROM `section47` AS t1
        WHERE
          COALESCE(`t1`.`cin_key`, `t1`.`cin_key`) = (
            `s`.`cin_key`
          )
      ) AS q2
    ) AS `e1`,
    NOT (
      (
        `s`.`closure_date`
      ) IS NULL
    ) AS `e2`
  FROM `cin_details` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 100: The header's ReferenceDate must be 31 March of its collection Year, and the run's --as-at (DfE 100)
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
  END AS outcome
FROM (
  SELECT
    s.*,
    (
      (
        (
          NOT (
            (
              `s`.`reference_date`
            ) IS NULL
          )
        )
        AND (
          NOT (
            (
              `s`.`year`
            ) IS NULL
          )
        )
      )
      AND (
        (
          `s`.`reference_date`
        ) = (
          CASE
            WHEN (
              (
                `s`.`year`
              ) BETWEEN 1 AND 9999
            )
            AND (
              (
                3
              ) BETWEEN 1 AND 12
            )
            AND (
              (
                31
              ) >= 1
            )
            AND (
              (
                31
              ) <= (
                CASE
                  WHEN (
                    3
                  ) = 2
                  THEN CASE
                    WHEN (
                      (
                        (
                          `s`.`year`
                        ) % 4 = 0
                      )
                      AND (
                        NOT (
                          (
                            `s`.`year`
                          ) % 100 = 0
                        )
                      )
                    )
                    OR (
                      (
                        `s`.`year`
                      ) % 400 = 0
                    )
                    THEN 29
                    ELSE 28
                  END
                  WHEN (
                    3
                  ) IN (4, 6, 9, 11)
                  THEN 30
                  ELSE 31
                END
              )
            )
            THEN MAKE_DATE(
              CAST(CASE
                WHEN (
                  (
                    `s`.`year`
                  ) BETWEEN 1 AND 9999
                )
                AND (
                  (
                    3
                  ) BETWEEN 1 AND 12
                )
                AND (
                  (
                    31
                  ) >= 1
                )
                AND (
                  (
                    31
                  ) <= (
                    CASE
                      WHEN (
                        3
                      ) = 2
                      THEN CASE
                        WHEN (
                          (
                            (
                              `s`.`year`
                            ) % 4 = 0
                          )
                          AND (
                            NOT (
                              (
                                `s`.`year`
                              ) % 100 = 0
                            )
                          )
                        )
                        OR (
                          (
                            `s`.`year`
                          ) % 400 = 0
                        )
                        THEN 29
                        ELSE 28
                      END
                      WHEN (
                        3
                      ) IN (4, 6, 9, 11)
                      THEN 30
                      ELSE 31
                    END
                  )
                )
                THEN `s`.`year`
                ELSE 2000
              END AS INT),
              CAST(CASE
                WHEN (
                  (
                    `s`.`year`
                  ) BETWEEN 1 AND 9999
                )
                AND (
                  (
                    3
                  ) BETWEEN 1 AND 12
                )
                AND (
                  (
                    31
                  ) >= 1
                )
                AND (
                  (
                    31
                  ) <= (
                    CASE
                      WHEN (
                        3
                      ) = 2
                      THEN CASE
                        WHEN (
                          (
                            (
                              `s`.`year`
                            ) % 4 = 0
                          )
                          AND (
                            NOT (
                              (
                                `s`.`year`
                              ) % 100 = 0
                            )
                          )
                        )
                        OR (
                          (
                            `s`.`year`
                          ) % 400 = 0
                        )
                        THEN 29
                        ELSE 28
                      END
                      WHEN (
                        3
                      ) IN (4, 6, 9, 11)
                      THEN 30
                      ELSE 31
                    END
                  )
                )
                THEN 3
                ELSE 1
              END AS INT),
              CAST(CASE
                WHEN (
                  (
                    `s`.`year`
                  ) BETWEEN 1 AND 9999
                )
                AND (
                  (
                    3
                  ) BETWEEN 1 AND 12
                )
                AND (
                  (
                    31
                  ) >= 1
                )
                AND (
                  (
                    31
                  ) <= (
                    CASE
                      WHEN (
                        3
                      ) = 2
                      THEN CASE
                        WHEN (
                          (
                            (
                              `s`.`year`
                            ) % 4 = 0
                          )
                          AND (
                            NOT (
                              (
                                `s`.`year`
                              ) % 100 = 0
                            )
                          )
                        )
                        OR (
                          (
                            `s`.`year`
                          ) % 400 = 0
                        )
                        THEN 29
                        ELSE 28
                      END
                      WHEN (
                        3
                      ) IN (4, 6, 9, 11)
                      THEN 30
                      ELSE 31
                    END
                  )
                )
                THEN 31
                ELSE 1
              END AS INT)
            )
            ELSE NULL
          END
        )
      )
    )
    AND (
      (
        `s`.`reference_date`
      ) = (
        CAST('2025-03-31' AS DATE)
      )
    ) AS `e1`
  FROM `header` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 2883: More child protection plans start in the census year than initial conferences are held (DfE 2883)
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
  CASE
    WHEN EXISTS(
      SELECT
        1
      FROM `cp_plans` AS t7
      WHERE
        COALESCE(`t7`.`header_id`, `t7`.`header_id`) = (
          `s`.`header_id`
        )
        AND (
          (
            NOT (
              (
                `t7`.`start_date`
              ) IS NULL
            )
          )
          AND (
            CASE
              WHEN (
                (
                  `t7`.`start_date`
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
                  `t7`.`start_date`
                ) >= (
                  CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                )
              )
              AND (
                (
                  `t7`.`start_date`
                ) <= (
                  CAST('2025-03-31' AS DATE)
                )
              )
            END
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
        FROM `cp_plans` AS t7
        WHERE
          (
            COALESCE(`t7`.`header_id`, `t7`.`header_id`) = (
              `s`.`header_id`
            )
          )
          AND (
            (
              NOT (
                (
                  `t7`.`start_date`
                ) IS NULL
              )
            )
            AND (
              CASE
                WHEN (
                  (
                    `t7`.`start_date`
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
                    `t7`.`start_date`
                  ) >= (
                    CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                  )
                )
                AND (
                  (
                    `t7`.`start_date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              END
            )
          )
      ) AS q8
    )
  END AS `r_fail_0`,
  (
    CASE
      WHEN EXISTS(
        SELECT
          1
        FROM `cin_details` AS t9
        WHERE
          COALESCE(`t9`.`header_id`, `t9`.`header_id`) = (
            `s`.`header_id`
          )
          AND (
            (
              NOT (
                (
                  `t9`.`initial_cpc_date`
                ) IS NULL
              )
            )
            AND (
              CASE
                WHEN (
                  (
                    `t9`.`initial_cpc_date`
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
                    `t9`.`initial_cpc_date`
                  ) >= (
                    CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                  )
                )
                AND (
                  (
                    `t9`.`initial_cpc_date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              END
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
          FROM `cin_details` AS t9
          WHERE
            (
              COALESCE(`t9`.`header_id`, `t9`.`header_id`) = (
                `s`.`header_id`
              )
            )
            AND (
              (
                NOT (
                  (
                    `t9`.`initial_cpc_date`
                  ) IS NULL
                )
              )
              AND (
                CASE
                  WHEN (
                    (
                      `t9`.`initial_cpc_date`
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
                      `t9`.`initial_cpc_date`
                    ) >= (
                      CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                    )
                  )
                  AND (
                    (
                      `t9`.`initial_cpc_date`
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                END
              )
            )
        ) AS q10
      )
    END
  ) + (
    CASE
      WHEN EXISTS(
        SELECT
          1
        FROM `section47` AS t11
        WHERE
          COALESCE(`t11`.`header_id`, `t11`.`header_id`) = (
            `s`.`header_id`
          )
          AND (
            (
              NOT (
                (
                  `t11`.`icpc_date`
                ) IS NULL
              )
            )
            AND (
              CASE
                WHEN (
                  (
                    `t11`.`icpc_date`
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
                    `t11`.`icpc_date`
                  ) >= (
                    CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                  )
                )
                AND (
                  (
                    `t11`.`icpc_date`
                  ) <= (
                    CAST('2025-03-31' AS DATE)
                  )
                )
              END
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
          FROM `section47` AS t11
          WHERE
            (
              COALESCE(`t11`.`header_id`, `t11`.`header_id`) = (
                `s`.`header_id`
              )
            )
            AND (
              (
                NOT (
                  (
                    `t11`.`icpc_date`
                  ) IS NULL
                )
              )
              AND (
                CASE
                  WHEN (
                    (
                      `t11`.`icpc_date`
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
                      `t11`.`icpc_date`
                    ) >= (
                      CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                    )
                  )
                  AND (
                    (
                      `t11`.`icpc_date`
                    ) <= (
                      CAST('2025-03-31' AS DATE)
                    )
                  )
                END
              )
            )
        ) AS q12
      )
    END
  ) AS `r_fail_2`
FROM (
  SELECT
    s.*,
    (
      CASE
        WHEN EXISTS(
          SELECT
            1
          FROM `cp_plans` AS t1
          WHERE
            COALESCE(`t1`.`header_id`, `t1`.`header_id`) = (
              `s`.`header_id`
            )
            AND (
              (
                NOT (
                  (
                    `t1`.`start_date`
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
            ) IS NULL
        )
        THEN NULL
        ELSE (
          SELECT
            COUNT(*)
          FROM (
            SELECT
              1 AS v
            FROM `cp_plans` AS t1
            WHERE
              (
                COALESCE(`t1`.`header_id`, `t1`.`header_id`) = (
                  `s`.`header_id`
                )
              )
              AND (
                (
                  NOT (
                    (
                      `t1`.`start_date`
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
          ) AS q2
        )
      END
    ) <= (
      (
        CASE
          WHEN EXISTS(
            SELECT
              1
            FROM `cin_details` AS t3
            WHERE
              COALESCE(`t3`.`header_id`, `t3`.`header_id`) = (
                `s`.`header_id`
              )
              AND (
                (
                  NOT (
                    (
                      `t3`.`initial_cpc_date`
                    ) IS NULL
                  )
                )
                AND (
                  CASE
                    WHEN (
                      (
                        `t3`.`initial_cpc_date`
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
                        `t3`.`initial_cpc_date`
                      ) >= (
                        CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                      )
                    )
                    AND (
                      (
                        `t3`.`initial_cpc_date`
                      ) <= (
                        CAST('2025-03-31' AS DATE)
                      )
                    )
                  END
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
              FROM `cin_details` AS t3
              WHERE
                (
                  COALESCE(`t3`.`header_id`, `t3`.`header_id`) = (
                    `s`.`header_id`
                  )
                )
                AND (
                  (
                    NOT (
                      (
                        `t3`.`initial_cpc_date`
                      ) IS NULL
                    )
                  )
                  AND (
                    CASE
                      WHEN (
                        (
                          `t3`.`initial_cpc_date`
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
                          `t3`.`initial_cpc_date`
                        ) >= (
                          CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                        )
                      )
                      AND (
                        (
                          `t3`.`initial_cpc_date`
                        ) <= (
                          CAST('2025-03-31' AS DATE)
                        )
                      )
                    END
                  )
                )
            ) AS q4
          )
        END
      ) + (
        CASE
          WHEN EXISTS(
            SELECT
              1
            FROM `section47` AS t5
            WHERE
              COALESCE(`t5`.`header_id`, `t5`.`header_id`) = (
                `s`.`header_id`
              )
              AND (
                (
                  NOT (
                    (
                      `t5`.`icpc_date`
                    ) IS NULL
                  )
                )
                AND (
                  CASE
                    WHEN (
                      (
                        `t5`.`icpc_date`
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
                        `t5`.`icpc_date`
                      ) >= (
                        CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                      )
                    )
                    AND (
                      (
                        `t5`.`icpc_date`
                      ) <= (
                        CAST('2025-03-31' AS DATE)
                      )
                    )
                  END
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
              FROM `section47` AS t5
              WHERE
                (
                  COALESCE(`t5`.`header_id`, `t5`.`header_id`) = (
                    `s`.`header_id`
                  )
                )
                AND (
                  (
                    NOT (
                      (
                        `t5`.`icpc_date`
                      ) IS NULL
                    )
                  )
                  AND (
                    CASE
                      WHEN (
                        (
                          `t5`.`icpc_date`
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
                          `t5`.`icpc_date`
                        ) >= (
                          CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
                        )
                      )
                      AND (
                        (
                          `t5`.`icpc_date`
                        ) <= (
                          CAST('2025-03-31' AS DATE)
                        )
                      )
                    END
                  )
                )
            ) AS q6
          )
        END
      )
    ) AS `e1`
  FROM `header` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 2887Q: Fewer than 8 different disability codes are used in the return (DfE 2887Q)
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
  CASE
    WHEN (
      EXISTS(
        SELECT
          1
        FROM `disabilities` AS t4
        WHERE
          COALESCE(`t4`.`header_id`, `t4`.`header_id`) = (
            `s`.`header_id`
          )
          AND (
            (
              NOT (
                (
                  `t4`.`code`
                ) IS NULL
              )
            )
            AND (
              (
                `t4`.`code`
              ) <> (
                'NONE'
              )
            )
          ) IS NULL
      )
    )
    OR (
      EXISTS(
        SELECT
          1
        FROM `disabilities` AS t4
        WHERE
          (
            (
              COALESCE(`t4`.`header_id`, `t4`.`header_id`) = (
                `s`.`header_id`
              )
            )
            AND (
              (
                NOT (
                  (
                    `t4`.`code`
                  ) IS NULL
                )
              )
              AND (
                (
                  `t4`.`code`
                ) <> (
                  'NONE'
                )
              )
            )
          )
          AND (
            `t4`.`code`
          ) IS NULL
      )
    )
    THEN NULL
    ELSE (
      SELECT
        COUNT(*)
      FROM (
        SELECT
          1 AS v
        FROM (
          SELECT
            `t4`.`code` AS v,
            MIN(`t4`.`_row`) AS o
          FROM `disabilities` AS t4
          WHERE
            (
              COALESCE(`t4`.`header_id`, `t4`.`header_id`) = (
                `s`.`header_id`
              )
            )
            AND (
              (
                NOT (
                  (
                    `t4`.`code`
                  ) IS NULL
                )
              )
              AND (
                (
                  `t4`.`code`
                ) <> (
                  'NONE'
                )
              )
            )
          GROUP BY
            `t4`.`code`
        ) AS l5
      ) AS q6
    )
  END AS `r_fail_0`
FROM (
  SELECT
    s.*,
    (
      CASE
        WHEN (
          EXISTS(
            SELECT
              1
            FROM `disabilities` AS t1
            WHERE
              COALESCE(`t1`.`header_id`, `t1`.`header_id`) = (
                `s`.`header_id`
              )
              AND (
                (
                  NOT (
                    (
                      `t1`.`code`
                    ) IS NULL
                  )
                )
                AND (
                  (
                    `t1`.`code`
                  ) <> (
                    'NONE'
                  )
                )
              ) IS NULL
          )
        )
        OR (
          EXISTS(
            SELECT
              1
            FROM `disabilities` AS t1
            WHERE
              (
                (
                  COALESCE(`t1`.`header_id`, `t1`.`header_id`) = (
                    `s`.`header_id`
                  )
                )
                AND (
                  (
                    NOT (
                      (
                        `t1`.`code`
                      ) IS NULL
                    )
                  )
                  AND (
                    (
                      `t1`.`code`
                    ) <> (
                      'NONE'
                    )
                  )
                )
              )
              AND (
                `t1`.`code`
              ) IS NULL
          )
        )
        THEN NULL
        ELSE (
          SELECT
            COUNT(*)
          FROM (
            SELECT
              1 AS v
            FROM (
              SELECT
                `t1`.`code` AS v,
                MIN(`t1`.`_row`) AS o
              FROM `disabilities` AS t1
              WHERE
                (
                  COALESCE(`t1`.`header_id`, `t1`.`header_id`) = (
                    `s`.`header_id`
                  )
                )
                AND (
                  (
                    NOT (
                      (
                        `t1`.`code`
                      ) IS NULL
                    )
                  )
                  AND (
                    (
                      `t1`.`code`
                    ) <> (
                      'NONE'
                    )
                  )
                )
              GROUP BY
                `t1`.`code`
            ) AS l2
          ) AS q3
        )
      END
    ) >= (
      8
    ) AS `e1`
  FROM `header` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 2888Q: No child has more than one disability recorded: record every disability a child has (DfE 2888Q)
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
      FROM `disabilities` AS t7
      WHERE
        COALESCE(`t7`.`header_id`, `t7`.`header_id`) = (
          `s`.`header_id`
        )
        AND (
          (
            NOT (
              (
                `t7`.`code`
              ) IS NULL
            )
          )
          AND (
            (
              `t7`.`code`
            ) <> (
              'NONE'
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
        FROM `disabilities` AS t7
        WHERE
          (
            COALESCE(`t7`.`header_id`, `t7`.`header_id`) = (
              `s`.`header_id`
            )
          )
          AND (
            (
              NOT (
                (
                  `t7`.`code`
                ) IS NULL
              )
            )
            AND (
              (
                `t7`.`code`
              ) <> (
                'NONE'
              )
            )
          )
      ) AS q8
    )
  END AS `r_fail_0`
FROM (
  SELECT
    s.*,
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
            CASE
              WHEN EXISTS(
                SELECT
                  1
                FROM `disabilities` AS t2
                WHERE
                  COALESCE(`t2`.`child_key`, `t2`.`child_key`) = (
                    `t1`.`child_key`
                  )
                  AND (
                    (
                      NOT (
                        (
                          `t2`.`code`
                        ) IS NULL
                      )
                    )
                    AND (
                      (
                        `t2`.`code`
                      ) <> (
                        'NONE'
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
                  FROM `disabilities` AS t2
                  WHERE
                    (
                      COALESCE(`t2`.`child_key`, `t2`.`child_key`) = (
                        `t1`.`child_key`
                      )
                    )
                    AND (
                      (
                        NOT (
                          (
                            `t2`.`code`
                          ) IS NULL
                        )
                      )
                      AND (
                        (
                          `t2`.`code`
                        ) <> (
                          'NONE'
                        )
                      )
                    )
                ) AS q3
              )
            END
          ) > (
            1
          ) AS c
        FROM `children` AS t1
        WHERE
          COALESCE(`t1`.`header_id`, `t1`.`header_id`) = (
            `s`.`header_id`
          )
      ) AS q4
    ) AS `e1`,
    (
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
            NOT (
              (
                `t5`.`code`
              ) IS NULL
            )
          )
          AND (
            (
              `t5`.`code`
            ) <> (
              'NONE'
            )
          ) AS c
        FROM `disabilities` AS t5
        WHERE
          COALESCE(`t5`.`header_id`, `t5`.`header_id`) = (
            `s`.`header_id`
          )
      ) AS q6
    ) AS `e2`
  FROM `header` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 1104: Initial child protection conference is before the referral date (DfE 1104)
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`icpc_date`
    ) >= (
      `s`.`e2`
    ) AS `e3`,
    (
      NOT (
        (
          `s`.`icpc_date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`e2`
        ) IS NULL
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`referral_date` AS `e2`
    FROM `section47` AS s
    LEFT JOIN `cin_details` AS j2
      ON `j2`.`cin_key` = (
        `s`.`cin_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 2889: Section 47 enquiry starts before the referral date (DfE 2889)
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`start_date`
    ) >= (
      `s`.`e2`
    ) AS `e3`,
    (
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`e2`
        ) IS NULL
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`referral_date` AS `e2`
    FROM `section47` AS s
    LEFT JOIN `cin_details` AS j2
      ON `j2`.`cin_key` = (
        `s`.`cin_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8615: Section 47 start date is missing or after the initial child protection conference (DfE 8615)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      )
    )
    AND (
      (
        `s`.`start_date`
      ) <= (
        `s`.`icpc_date`
      )
    ) AS `e1`,
    NOT (
      (
        `s`.`icpc_date`
      ) IS NULL
    ) AS `e2`
  FROM `section47` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8675Q: Section 47 started more than 15 working days before the reference date, with no initial conference and no ICPC-not-required (DfE 8675Q)
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e4`
    )
    THEN CASE
      WHEN (
        `s`.`e2`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e2`
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`start_date`
    ) >= (
      `s`.`e1`
    ) AS `e2`,
    (
      (
        (
          `s`.`icpc_date`
        ) IS NULL
      )
      AND (
        CASE
          WHEN (
            `s`.`e3`
          ) IS NULL
          THEN NULL
          ELSE (
            `s`.`e3`
          ) IN ('false', '0', 'FALSE')
        END
      )
    )
    AND (
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      (
        SELECT
          `c1`.`d`
        FROM `cc_calendar` AS c1
        WHERE
          (
            `c1`.`is_wd`
          ) AND (
            `c1`.`wd` = (
              (
                8907
              ) + -13
            )
          )
      ) AS `e1`,
      COALESCE(`s`.`icpc_not_required`, '') AS `e3`
    FROM `section47` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8715: Initial child protection conference date is outside the census year (DfE 8715)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        (
          `s`.`icpc_date`
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
          `s`.`icpc_date`
        ) >= (
          CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), -12) AS DATE), 1) AS DATE)
        )
      )
      AND (
        (
          `s`.`icpc_date`
        ) <= (
          CAST('2025-03-31' AS DATE)
        )
      )
    END AS `e1`,
    NOT (
      (
        `s`.`icpc_date`
      ) IS NULL
    ) AS `e2`
  FROM `section47` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8740: Section 47 with no initial conference by the year end, and its start date is not in the census year (DfE 8740)
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e3`
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
      `s`.`e3`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e3` AS `_when`
FROM (
  SELECT
    s.*,
    (
      (
        `s`.`icpc_date`
      ) IS NULL
    )
    AND (
      CASE
        WHEN (
          `s`.`e2`
        ) IS NULL
        THEN NULL
        ELSE (
          `s`.`e2`
        ) IN ('false', '0', 'FALSE')
      END
    ) AS `e3`
  FROM (
    SELECT
      s.*,
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
      END AS `e1`,
      COALESCE(`s`.`icpc_not_required`, '') AS `e2`
    FROM `section47` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8839: More than one open section 47 enquiry (no conference, not flagged not required) in the episode (DfE 8839)
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
  `s`.`e5` AS `_when`
FROM (
  SELECT
    s.*,
    (
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
            FROM `section47` AS t3
            WHERE
              COALESCE(`t3`.`cin_key`, `t3`.`cin_key`) = (
                `s`.`e2`
              )
              AND (
                (
                  (
                    `t3`.`icpc_date`
                  ) IS NULL
                )
                AND (
                  NOT (
                    CASE
                      WHEN (
                        COALESCE(`t3`.`icpc_not_required`, '')
                      ) IS NULL
                      THEN NULL
                      ELSE (
                        COALESCE(`t3`.`icpc_not_required`, '')
                      ) IN ('true', '1', 'TRUE')
                    END
                  )
                )
              ) IS NULL
          )
        )
        THEN NULL
        ELSE (
          SELECT
            COUNT(*)
          FROM (
            SELECT
              1 AS v
            FROM `section47` AS t3
            WHERE
              (
                COALESCE(`t3`.`cin_key`, `t3`.`cin_key`) = (
                  `s`.`e2`
                )
              )
              AND (
                (
                  (
                    `t3`.`icpc_date`
                  ) IS NULL
                )
                AND (
                  NOT (
                    CASE
                      WHEN (
                        COALESCE(`t3`.`icpc_not_required`, '')
                      ) IS NULL
                      THEN NULL
                      ELSE (
                        COALESCE(`t3`.`icpc_not_required`, '')
                      ) IN ('true', '1', 'TRUE')
                    END
                  )
                )
              )
          ) AS q5
        )
      END
    ) <= (
      1
    ) AS `e3`,
    (
      (
        `s`.`icpc_date`
      ) IS NULL
    )
    AND (
      NOT (
        CASE
          WHEN (
            `s`.`e4`
          ) IS NULL
          THEN NULL
          ELSE (
            `s`.`e4`
          ) IN ('true', '1', 'TRUE')
        END
      )
    ) AS `e5`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`cin_key` AS `e2`,
      COALESCE(`s`.`icpc_not_required`, '') AS `e4`
    FROM `section47` AS s
    LEFT JOIN `cin_details` AS j2
      ON `j2`.`cin_key` = (
        `s`.`cin_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8890: Section 47 enquiry starts while another of the episode's is ongoing (DfE 8890)
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
  `s`.`e4` AS `_when`
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
              WHEN COUNT(CASE WHEN `q5`.`c` THEN 1 END) > 0
              THEN TRUE
              WHEN COUNT(CASE WHEN (
                `q5`.`c`
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
                    `t3`.`s47_key`
                  ) <> (
                    `s`.`s47_key`
                  )
                )
                AND (
                  NOT (
                    (
                      `t3`.`start_date`
                    ) IS NULL
                  )
                )
              )
              AND (
                (
                  `t3`.`start_date`
                ) <= (
                  `s`.`start_date`
                )
              )
            )
            AND (
              (
                (
                  NOT (
                    (
                      `t3`.`icpc_date`
                    ) IS NULL
                  )
                )
                AND (
                  (
                    `s`.`start_date`
                  ) <= (
                    `t3`.`icpc_date`
                  )
                )
              )
              OR (
                (
                  (
                    (
                      `t3`.`icpc_date`
                    ) IS NULL
                  )
                  AND (
                    NOT (
                      CASE
                        WHEN (
                          COALESCE(`t3`.`icpc_not_required`, '')
                        ) IS NULL
                        THEN NULL
                        ELSE (
                          COALESCE(`t3`.`icpc_not_required`, '')
                        ) IN ('true', '1', 'TRUE')
                      END
                    )
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
            ) AS c
          FROM `section47` AS t3
          WHERE
            COALESCE(`t3`.`cin_key`, `t3`.`cin_key`) = (
              `s`.`e2`
            )
        ) AS q5
      )
    END AS `e3`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`cin_key` AS `e2`,
      NOT (
        (
          `s`.`start_date`
        ) IS NULL
      ) AS `e4`
    FROM `section47` AS s
    LEFT JOIN `cin_details` AS j2
      ON `j2`.`cin_key` = (
        `s`.`cin_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8870Q: Target date for the initial conference is a weekend (DfE 8870Q)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      (
        (
          (
            (
              DATEDIFF(DAY, CAST('1990-01-01' AS DATE), `s`.`icpc_target`)
            ) % 7
          ) + 7
        ) % 7
      ) + 1
    ) <= (
      5
    ) AS `e1`,
    NOT (
      (
        `s`.`icpc_target`
      ) IS NULL
    ) AS `e2`
  FROM `section47` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8875: Initial child protection conference date is a weekend (DfE 8875)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      (
        (
          (
            (
              DATEDIFF(DAY, CAST('1990-01-01' AS DATE), `s`.`icpc_date`)
            ) % 7
          ) + 7
        ) % 7
      ) + 1
    ) <= (
      5
    ) AS `e1`,
    NOT (
      (
        `s`.`icpc_date`
      ) IS NULL
    ) AS `e2`
  FROM `section47` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 2884: Initial conference recorded at both the section 47 and the CIN details level (DfE 2884)
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
  `s`.`e4` AS `_when`
FROM (
  SELECT
    s.*,
    (
      `s`.`icpc_date`
    ) <> (
      `s`.`e2`
    ) AS `e3`,
    (
      NOT (
        (
          `s`.`icpc_date`
        ) IS NULL
      )
    )
    AND (
      NOT (
        (
          `s`.`e2`
        ) IS NULL
      )
    ) AS `e4`
  FROM (
    SELECT
      s.*,
      `j2`.`_row` AS `e1`,
      `j2`.`initial_cpc_date` AS `e2`
    FROM `section47` AS s
    LEFT JOIN `cin_details` AS j2
      ON `j2`.`cin_key` = (
        `s`.`cin_key`
      )
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 4180: Sex is missing or not M, F or U (DfE 4180)
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
  END AS outcome
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
      ) IN ('M', 'F', 'U')
    END AS `e2`
  FROM (
    SELECT
      s.*,
      COALESCE(`s`.`sex`, '') AS `e1`
    FROM `children` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8750: An unborn child's sex must be U (DfE 8750)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      COALESCE(`s`.`sex`, '')
    ) = (
      'U'
    ) AS `e1`,
    (
      (
        `s`.`birth_date`
      ) IS NULL
    )
    AND (
      NOT (
        (
          `s`.`expected_birth_date`
        ) IS NULL
      )
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 2886Q: More than 2% of children (unborn children aside) have no sex recorded (DfE 2886Q)
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
  CASE
    WHEN EXISTS(
      SELECT
        1
      FROM `children` AS t5
      WHERE
        COALESCE(`t5`.`header_id`, `t5`.`header_id`) = (
          `s`.`header_id`
        )
        AND (
          (
            (
              (
                `t5`.`sex`
              ) IS NULL
            ) OR (
              (
                `t5`.`sex`
              ) = (
                'U'
              )
            )
          )
          AND (
            (
              `t5`.`expected_birth_date`
            ) IS NULL
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
        FROM `children` AS t5
        WHERE
          (
            COALESCE(`t5`.`header_id`, `t5`.`header_id`) = (
              `s`.`header_id`
            )
          )
          AND (
            (
              (
                (
                  `t5`.`sex`
                ) IS NULL
              ) OR (
                (
                  `t5`.`sex`
                ) = (
                  'U'
                )
              )
            )
            AND (
              (
                `t5`.`expected_birth_date`
              ) IS NULL
            )
          )
      ) AS q6
    )
  END AS `r_fail_0`,
  (
    SELECT
      COUNT(*)
    FROM (
      SELECT
        1 AS v
      FROM `children` AS t7
      WHERE
        COALESCE(`t7`.`header_id`, `t7`.`header_id`) = (
          `s`.`header_id`
        )
    ) AS q8
  ) AS `r_fail_2`
FROM (
  SELECT
    s.*,
    (
      (
        CASE
          WHEN EXISTS(
            SELECT
              1
            FROM `children` AS t1
            WHERE
              COALESCE(`t1`.`header_id`, `t1`.`header_id`) = (
                `s`.`header_id`
              )
              AND (
                (
                  (
                    (
                      `t1`.`sex`
                    ) IS NULL
                  ) OR (
                    (
                      `t1`.`sex`
                    ) = (
                      'U'
                    )
                  )
                )
                AND (
                  (
                    `t1`.`expected_birth_date`
                  ) IS NULL
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
              FROM `children` AS t1
              WHERE
                (
                  COALESCE(`t1`.`header_id`, `t1`.`header_id`) = (
                    `s`.`header_id`
                  )
                )
                AND (
                  (
                    (
                      (
                        `t1`.`sex`
                      ) IS NULL
                    ) OR (
                      (
                        `t1`.`sex`
                      ) = (
                        'U'
                      )
                    )
                  )
                  AND (
                    (
                      `t1`.`expected_birth_date`
                    ) IS NULL
                  )
                )
            ) AS q2
          )
        END
      ) * (
        100
      )
    ) <= (
      (
        2
      ) * (
        (
          SELECT
            COUNT(*)
          FROM (
            SELECT
              1 AS v
            FROM `children` AS t3
            WHERE
              COALESCE(`t3`.`header_id`, `t3`.`header_id`) = (
                `s`.`header_id`
              )
          ) AS q4
        )
      )
    ) AS `e1`
  FROM `header` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8770Q: Child of school age referred for further action has no UPN and no reason UN2-UN7 for it (DfE 8770Q)
SELECT
  `s`.`_row` AS _row,
  CASE
    WHEN (
      `s`.`e3`
    )
    THEN CASE
      WHEN (
        `s`.`e2`
      )
      THEN 'pass'
      WHEN NOT (
        `s`.`e2`
      )
      THEN 'fail'
      ELSE 'not_evidenced'
    END
    WHEN NOT (
      `s`.`e3`
    )
    THEN 'not_applicable'
    ELSE 'not_evidenced'
  END AS outcome,
  `s`.`e3` AS `_when`
FROM (
  SELECT
    s.*,
    (
      (
        NOT (
          (
            `s`.`upn`
          ) IS NULL
        )
      )
      OR (
        CASE
          WHEN (
            `s`.`e1`
          ) IS NULL
          THEN NULL
          ELSE (
            `s`.`e1`
          ) IN ('UN2', 'UN3', 'UN4', 'UN5', 'UN6', 'UN7')
        END
      )
    )
    OR (
      COALESCE(
        CASE
          WHEN (
            `s`.`upn_unknown`
          ) IS NULL
          THEN NULL
          ELSE `s`.`upn_unknown` RLIKE '^(?:[Uu][Nn][2-7])$'
        END,
        FALSE
      )
    ) AS `e2`
  FROM (
    SELECT
      s.*,
      COALESCE(`s`.`upn_unknown`, '') AS `e1`,
      (
        (
          NOT (
            (
              `s`.`birth_date`
            ) IS NULL
          )
        )
        AND (
          (
            `s`.`birth_date`
          ) <= (
            CAST(ADD_MONTHS(
              CAST(DATE_ADD(CAST(ADD_MONTHS(CAST('2025-03-31' AS DATE), 4) AS DATE), 31) AS DATE),
              -72
            ) AS DATE)
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
                  COALESCE(`t2`.`referral_nfa`, '')
                ) IS NULL
                THEN NULL
                ELSE (
                  COALESCE(`t2`.`referral_nfa`, '')
                ) IN ('false', '0', 'FALSE')
              END AS c
            FROM `cin_details` AS t2
            WHERE
              COALESCE(`t2`.`child_key`, `t2`.`child_key`) = (
                `s`.`child_key`
              )
          ) AS q4
        )
      ) AS `e3`
    FROM `children` AS s
  ) AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 1570: LA child ID is longer than 20 characters (DfE 1570)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    (
      LENGTH(`s`.`la_child_id`)
    ) <= (
      20
    ) AS `e1`,
    NOT (
      (
        `s`.`la_child_id`
      ) IS NULL
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 1580: LA child ID has characters that are not letters or digits (DfE 1580)
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
  `s`.`e2` AS `_when`
FROM (
  SELECT
    s.*,
    CASE
      WHEN (
        `s`.`la_child_id`
      ) IS NULL
      THEN NULL
      ELSE `s`.`la_child_id` RLIKE '^(?:[A-Za-z0-9]*)$'
    END AS `e1`,
    NOT (
      (
        `s`.`la_child_id`
      ) IS NULL
    ) AS `e2`
  FROM `children` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8945Q: Assessment factor 18A is used; use 18B or 18C (DfE 8945Q)
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
  END AS outcome
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
          COALESCE(
            CASE
              WHEN (
                `t1`.`code`
              ) IS NULL
              THEN NULL
              ELSE `t1`.`code` RLIKE '^(?:18[Aa])$'
            END,
            FALSE
          ) AS c
        FROM `assessment_factors` AS t1
        WHERE
          COALESCE(`t1`.`assessment_key`, `t1`.`assessment_key`) = (
            `s`.`assessment_key`
          )
      ) AS q2
    ) AS `e1`
  FROM `assessments` AS s
) AS s
ORDER BY
  `s`.`_row`;

-- 8950Q: Assessment factor 19A is used; use 19B or 19C (DfE 8950Q)
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
  END AS outcome
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
          COALESCE(
            CASE
              WHEN (
                `t1`.`code`
              ) IS NULL
              THEN NULL
              ELSE `t1`.`code` RLIKE '^(?:19[Aa])$'
            END,
            FALSE
          ) AS c
        FROM `assessment_factors` AS t1
        WHERE
          COALESCE(`t1`.`assessment_key`, `t1`.`assessment_key`) = (
            `s`.`assessment_key`
          )
      ) AS q2
    ) AS `e1`
  FROM `assessments` AS s
) AS s
ORDER BY
  `s`.`_row`;

