-- Funders every installation starts with: the three main funders of Russian–Chinese research (RSF,
-- RFBR, NSFC) and the main ministries and academies of both countries. Identifiers are only those
-- on record in docs/DOMAIN.md; the others stay NULL until someone can cite them.
--
-- Ids are fixed (UUIDv7 layout, time 2026-11-28T00:00:00Z) so this seed names the same rows on every
-- database and down.sql removes exactly these. search_key, sort_key and short_code_key are what
-- jointreg::db::models::funder::Funder::computed_keys folds them to (search_key::normalise and
-- for_names: short code, then English, Russian, Chinese names, joined by U+001F); the test
-- `seeded_keys_are_what_the_code_computes` checks they agree.

INSERT INTO funders (id, short_code, short_code_key, name_en, name_ru, name_zh, country, funder_doi, ror_id,
    status, closed_on, successor_id, search_key, sort_key, version, created_at, updated_at) VALUES
    ('01a21f73-9c00-7000-8000-000000000001', 'NSFC', 'nsfc',
     'National Natural Science Foundation of China', 'Государственный фонд естественных наук Китая', '国家自然科学基金委员会',
     'CN', '10.13039/501100001809', 'https://ror.org/01h0zpd94', 'active', NULL, NULL,
     'nsfc' || chr(31) || 'national natural science foundation of china' || chr(31) || 'государственный фонд естественных наук китая' || chr(31) || '国家自然科学基金委员会',
     'national natural science foundation of china', 1, '2026-11-28 00:00:00', '2026-11-28 00:00:00'),
    ('01a21f73-9c00-7000-8000-000000000002', 'RSF', 'rsf',
     'Russian Science Foundation', 'Российский научный фонд', '俄罗斯科学基金会',
     'RU', '10.13039/501100006769', NULL, 'active', NULL, NULL,
     'rsf' || chr(31) || 'russian science foundation' || chr(31) || 'российский научный фонд' || chr(31) || '俄罗斯科学基金会',
     'russian science foundation', 1, '2026-11-28 00:00:00', '2026-11-28 00:00:00'),
    -- RFBR: closed_on is approximate. docs/DOMAIN.md says it stopped issuing new grants "around
    -- 2020–2022" and its role passed to RSF; 2022-12-31, the end of that range, is the earliest
    -- date by which the source says it had certainly stopped. Correct it when a cited date is known.
    -- Its ROR id has one source only (docs/DOMAIN.md).
    ('01a21f73-9c00-7000-8000-000000000003', 'RFBR', 'rfbr',
     'Russian Foundation for Basic Research', 'Российский фонд фундаментальных исследований', '俄罗斯基础研究基金会',
     'RU', '10.13039/501100002261', 'https://ror.org/02mh1ke95', 'closed', '2022-12-31', '01a21f73-9c00-7000-8000-000000000002',
     'rfbr' || chr(31) || 'russian foundation for basic research' || chr(31) || 'российский фонд фундаментальных исследований' || chr(31) || '俄罗斯基础研究基金会',
     'russian foundation for basic research', 1, '2026-11-28 00:00:00', '2026-11-28 00:00:00'),
    ('01a21f73-9c00-7000-8000-000000000004', 'MINOBRNAUKI', 'minobrnauki',
     'Ministry of Science and Higher Education of the Russian Federation', 'Министерство науки и высшего образования Российской Федерации', '俄罗斯联邦科学和高等教育部',
     'RU', NULL, NULL, 'active', NULL, NULL,
     'minobrnauki' || chr(31) || 'ministry of science and higher education of the russian federation' || chr(31) || 'министерство науки и высшего образования российской федерации' || chr(31) || '俄罗斯联邦科学和高等教育部',
     'ministry of science and higher education of the russian federation', 1, '2026-11-28 00:00:00', '2026-11-28 00:00:00'),
    ('01a21f73-9c00-7000-8000-000000000005', 'RAS', 'ras',
     'Russian Academy of Sciences', 'Российская академия наук', '俄罗斯科学院',
     'RU', NULL, NULL, 'active', NULL, NULL,
     'ras' || chr(31) || 'russian academy of sciences' || chr(31) || 'российская академия наук' || chr(31) || '俄罗斯科学院',
     'russian academy of sciences', 1, '2026-11-28 00:00:00', '2026-11-28 00:00:00'),
    ('01a21f73-9c00-7000-8000-000000000006', 'MOST', 'most',
     'Ministry of Science and Technology of the People''s Republic of China', 'Министерство науки и технологий Китайской Народной Республики', '中华人民共和国科学技术部',
     'CN', NULL, NULL, 'active', NULL, NULL,
     'most' || chr(31) || 'ministry of science and technology of the people''s republic of china' || chr(31) || 'министерство науки и технологий китайской народной республики' || chr(31) || '中华人民共和国科学技术部',
     'ministry of science and technology of the people''s republic of china', 1, '2026-11-28 00:00:00', '2026-11-28 00:00:00'),
    ('01a21f73-9c00-7000-8000-000000000007', 'CAS', 'cas',
     'Chinese Academy of Sciences', 'Китайская академия наук', '中国科学院',
     'CN', NULL, NULL, 'active', NULL, NULL,
     'cas' || chr(31) || 'chinese academy of sciences' || chr(31) || 'китайская академия наук' || chr(31) || '中国科学院',
     'chinese academy of sciences', 1, '2026-11-28 00:00:00', '2026-11-28 00:00:00'),
    ('01a21f73-9c00-7000-8000-000000000008', 'MOE', 'moe',
     'Ministry of Education of the People''s Republic of China', 'Министерство образования Китайской Народной Республики', '中华人民共和国教育部',
     'CN', NULL, NULL, 'active', NULL, NULL,
     'moe' || chr(31) || 'ministry of education of the people''s republic of china' || chr(31) || 'министерство образования китайской народной республики' || chr(31) || '中华人民共和国教育部',
     'ministry of education of the people''s republic of china', 1, '2026-11-28 00:00:00', '2026-11-28 00:00:00');

-- Their history starts here: one `create` by the system each, with the values it set.
INSERT INTO history (id, resource, resource_id, action, actor_kind, actor_id, request_id, at, changes) VALUES
    ('01a21f73-9c00-7000-8000-000000000101', 'funder', '01a21f73-9c00-7000-8000-000000000001', 'create', 'system', NULL, NULL, '2026-11-28 00:00:00',
     '{"country":{"after":"CN","before":null},"funder_doi":{"after":"10.13039/501100001809","before":null},"name_en":{"after":"National Natural Science Foundation of China","before":null},"name_ru":{"after":"Государственный фонд естественных наук Китая","before":null},"name_zh":{"after":"国家自然科学基金委员会","before":null},"ror_id":{"after":"https://ror.org/01h0zpd94","before":null},"short_code":{"after":"NSFC","before":null},"status":{"after":"active","before":null}}'),
    ('01a21f73-9c00-7000-8000-000000000102', 'funder', '01a21f73-9c00-7000-8000-000000000002', 'create', 'system', NULL, NULL, '2026-11-28 00:00:00',
     '{"country":{"after":"RU","before":null},"funder_doi":{"after":"10.13039/501100006769","before":null},"name_en":{"after":"Russian Science Foundation","before":null},"name_ru":{"after":"Российский научный фонд","before":null},"name_zh":{"after":"俄罗斯科学基金会","before":null},"short_code":{"after":"RSF","before":null},"status":{"after":"active","before":null}}'),
    ('01a21f73-9c00-7000-8000-000000000103', 'funder', '01a21f73-9c00-7000-8000-000000000003', 'create', 'system', NULL, NULL, '2026-11-28 00:00:00',
     '{"closed_on":{"after":"2022-12-31","before":null},"country":{"after":"RU","before":null},"funder_doi":{"after":"10.13039/501100002261","before":null},"name_en":{"after":"Russian Foundation for Basic Research","before":null},"name_ru":{"after":"Российский фонд фундаментальных исследований","before":null},"name_zh":{"after":"俄罗斯基础研究基金会","before":null},"ror_id":{"after":"https://ror.org/02mh1ke95","before":null},"short_code":{"after":"RFBR","before":null},"status":{"after":"closed","before":null},"successor_id":{"after":"01a21f73-9c00-7000-8000-000000000002","before":null}}'),
    ('01a21f73-9c00-7000-8000-000000000104', 'funder', '01a21f73-9c00-7000-8000-000000000004', 'create', 'system', NULL, NULL, '2026-11-28 00:00:00',
     '{"country":{"after":"RU","before":null},"name_en":{"after":"Ministry of Science and Higher Education of the Russian Federation","before":null},"name_ru":{"after":"Министерство науки и высшего образования Российской Федерации","before":null},"name_zh":{"after":"俄罗斯联邦科学和高等教育部","before":null},"short_code":{"after":"MINOBRNAUKI","before":null},"status":{"after":"active","before":null}}'),
    ('01a21f73-9c00-7000-8000-000000000105', 'funder', '01a21f73-9c00-7000-8000-000000000005', 'create', 'system', NULL, NULL, '2026-11-28 00:00:00',
     '{"country":{"after":"RU","before":null},"name_en":{"after":"Russian Academy of Sciences","before":null},"name_ru":{"after":"Российская академия наук","before":null},"name_zh":{"after":"俄罗斯科学院","before":null},"short_code":{"after":"RAS","before":null},"status":{"after":"active","before":null}}'),
    ('01a21f73-9c00-7000-8000-000000000106', 'funder', '01a21f73-9c00-7000-8000-000000000006', 'create', 'system', NULL, NULL, '2026-11-28 00:00:00',
     '{"country":{"after":"CN","before":null},"name_en":{"after":"Ministry of Science and Technology of the People''s Republic of China","before":null},"name_ru":{"after":"Министерство науки и технологий Китайской Народной Республики","before":null},"name_zh":{"after":"中华人民共和国科学技术部","before":null},"short_code":{"after":"MOST","before":null},"status":{"after":"active","before":null}}'),
    ('01a21f73-9c00-7000-8000-000000000107', 'funder', '01a21f73-9c00-7000-8000-000000000007', 'create', 'system', NULL, NULL, '2026-11-28 00:00:00',
     '{"country":{"after":"CN","before":null},"name_en":{"after":"Chinese Academy of Sciences","before":null},"name_ru":{"after":"Китайская академия наук","before":null},"name_zh":{"after":"中国科学院","before":null},"short_code":{"after":"CAS","before":null},"status":{"after":"active","before":null}}'),
    ('01a21f73-9c00-7000-8000-000000000108', 'funder', '01a21f73-9c00-7000-8000-000000000008', 'create', 'system', NULL, NULL, '2026-11-28 00:00:00',
     '{"country":{"after":"CN","before":null},"name_en":{"after":"Ministry of Education of the People''s Republic of China","before":null},"name_ru":{"after":"Министерство образования Китайской Народной Республики","before":null},"name_zh":{"after":"中华人民共和国教育部","before":null},"short_code":{"after":"MOE","before":null},"status":{"after":"active","before":null}}')
ON CONFLICT (id) DO NOTHING;
