--
-- PostgreSQL database dump
--


-- Dumped from database version 15.20 (Debian 15.20-0+deb12u1)
-- Dumped by pg_dump version 15.20 (Debian 15.20-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

--
-- Name: hcvvet_data_changed(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.hcvvet_data_changed() RETURNS trigger
    LANGUAGE plpgsql
    AS $$
    BEGIN
        PERFORM pg_advisory_xact_lock_shared(7203114085001);
        PERFORM nextval('hcvvet_data_version');
        RETURN NULL;
    END $$;


--
-- Name: hcvvet_quiet_data_version(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.hcvvet_quiet_data_version() RETURNS text
    LANGUAGE plpgsql
    AS $$
    DECLARE
        version bigint;
    BEGIN
        -- NULL while this transaction has written (it may roll back) or another write transaction is in
        -- flight (its changes may commit under a version already read)
        IF pg_current_xact_id_if_assigned() IS NOT NULL OR NOT pg_try_advisory_lock(7203114085001) THEN
            RETURN NULL;
        END IF;
        SELECT last_value INTO version FROM hcvvet_data_version;
        PERFORM pg_advisory_unlock(7203114085001);
        RETURN (SELECT epoch FROM hcvvet_data_epoch) || ':' || version;
    END $$;


--
-- Name: madcell_candidate_delete(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.madcell_candidate_delete() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN 
        INSERT INTO reports_madcell (auto_class, hcv_expert_class, expert_class, fine_bin, n)
        SELECT auto_class, hcv_expert_class, expert_class, fine_bin, -1 * count(*) FROM (
            SELECT c.auto_class, c.hcv_expert_class, coalesce(c.expert_class, 0) AS expert_class,
                   (CASE WHEN f.mad = 2.0 THEN 76 ELSE width_bucket(f.mad, ARRAY[0.007, 0.007856318837041854, 0.008507174649702574, 0.008817392238465522, 0.009896034962377617, 0.01033886007436316, 0.011106629412421718, 0.012465317409835976, 0.012564926904492048, 0.013990215425228592, 0.015270289662465799, 0.015701656139928126, 0.017622459557838744, 0.018558145872877758, 0.019778237282750966, 0.022197734018279982, 0.022553912587889732, 0.024913210843922538, 0.0274100104884719, 0.027960875377757717, 0.03138136456149395, 0.03331167805365855, 0.03522028650522037, 0.03952882861671053, 0.04048403758244823, 0.04436444012395172, 0.04920068260557284, 0.04979159809151677, 0.05588266714468575, 0.05979411425859879, 0.06271886436470495, 0.07039134222090063, 0.07266842471745298, 0.07900240397924588, 0.08831471151287656, 0.08866686779339136, 0.09951359766667432, 0.10732981071116278, 0.11168722169864255, 0.12535006052684503, 0.1304390635484829, 0.1406842916773412, 0.1578943786829409, 0.15852398496437092, 0.17720979735854403, 0.19265588946553255, 0.19888809558518564, 0.2232183274013248, 0.23413675699672576, 0.25052490719085774, 0.2811719353588139, 0.28454889766944524, 0.3155680531724235, 0.3458153098363311, 0.35417189150101946, 0.3974981861071716, 0.420273033902668, 0.4461246410291058, 0.500699631569357, 0.5107622999957667, 0.5619508495997508, 0.6207348700782528, 0.6306950064574562, 0.7078487228085639, 0.7543857072737331, 0.7944407506824198, 0.8916256906428521, 0.9168129950024354, 1.0006993869982703, 1.1142126099432306, 1.123116206327249, 1.2605084297079645, 1.3541144670982843, 1.4147080172235327, 1.5877710349467675, 1.6456697524705761, 1.7820050701088186, 2.0]::float8[]) - 1 END) AS fine_bin
            FROM old_rows c CROSS JOIN LATERAL (SELECT candidate_id, filter_det_flag, mad FROM catalog_filterstat WHERE candidate_id = c.match_id OFFSET 0) f
            WHERE f.filter_det_flag > 0
        ) flagged
        WHERE fine_bin BETWEEN 0 AND 76
        GROUP BY 1, 2, 3, 4; RETURN NULL; END $$;


--
-- Name: madcell_candidate_insert(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.madcell_candidate_insert() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN 
        INSERT INTO reports_madcell (auto_class, hcv_expert_class, expert_class, fine_bin, n)
        SELECT auto_class, hcv_expert_class, expert_class, fine_bin, 1 * count(*) FROM (
            SELECT c.auto_class, c.hcv_expert_class, coalesce(c.expert_class, 0) AS expert_class,
                   (CASE WHEN f.mad = 2.0 THEN 76 ELSE width_bucket(f.mad, ARRAY[0.007, 0.007856318837041854, 0.008507174649702574, 0.008817392238465522, 0.009896034962377617, 0.01033886007436316, 0.011106629412421718, 0.012465317409835976, 0.012564926904492048, 0.013990215425228592, 0.015270289662465799, 0.015701656139928126, 0.017622459557838744, 0.018558145872877758, 0.019778237282750966, 0.022197734018279982, 0.022553912587889732, 0.024913210843922538, 0.0274100104884719, 0.027960875377757717, 0.03138136456149395, 0.03331167805365855, 0.03522028650522037, 0.03952882861671053, 0.04048403758244823, 0.04436444012395172, 0.04920068260557284, 0.04979159809151677, 0.05588266714468575, 0.05979411425859879, 0.06271886436470495, 0.07039134222090063, 0.07266842471745298, 0.07900240397924588, 0.08831471151287656, 0.08866686779339136, 0.09951359766667432, 0.10732981071116278, 0.11168722169864255, 0.12535006052684503, 0.1304390635484829, 0.1406842916773412, 0.1578943786829409, 0.15852398496437092, 0.17720979735854403, 0.19265588946553255, 0.19888809558518564, 0.2232183274013248, 0.23413675699672576, 0.25052490719085774, 0.2811719353588139, 0.28454889766944524, 0.3155680531724235, 0.3458153098363311, 0.35417189150101946, 0.3974981861071716, 0.420273033902668, 0.4461246410291058, 0.500699631569357, 0.5107622999957667, 0.5619508495997508, 0.6207348700782528, 0.6306950064574562, 0.7078487228085639, 0.7543857072737331, 0.7944407506824198, 0.8916256906428521, 0.9168129950024354, 1.0006993869982703, 1.1142126099432306, 1.123116206327249, 1.2605084297079645, 1.3541144670982843, 1.4147080172235327, 1.5877710349467675, 1.6456697524705761, 1.7820050701088186, 2.0]::float8[]) - 1 END) AS fine_bin
            FROM new_rows c CROSS JOIN LATERAL (SELECT candidate_id, filter_det_flag, mad FROM catalog_filterstat WHERE candidate_id = c.match_id OFFSET 0) f
            WHERE f.filter_det_flag > 0
        ) flagged
        WHERE fine_bin BETWEEN 0 AND 76
        GROUP BY 1, 2, 3, 4; RETURN NULL; END $$;


--
-- Name: madcell_candidate_update(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.madcell_candidate_update() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN 
        INSERT INTO reports_madcell (auto_class, hcv_expert_class, expert_class, fine_bin, n)
        SELECT auto_class, hcv_expert_class, expert_class, fine_bin, -1 * count(*) FROM (
            SELECT c.auto_class, c.hcv_expert_class, coalesce(c.expert_class, 0) AS expert_class,
                   (CASE WHEN f.mad = 2.0 THEN 76 ELSE width_bucket(f.mad, ARRAY[0.007, 0.007856318837041854, 0.008507174649702574, 0.008817392238465522, 0.009896034962377617, 0.01033886007436316, 0.011106629412421718, 0.012465317409835976, 0.012564926904492048, 0.013990215425228592, 0.015270289662465799, 0.015701656139928126, 0.017622459557838744, 0.018558145872877758, 0.019778237282750966, 0.022197734018279982, 0.022553912587889732, 0.024913210843922538, 0.0274100104884719, 0.027960875377757717, 0.03138136456149395, 0.03331167805365855, 0.03522028650522037, 0.03952882861671053, 0.04048403758244823, 0.04436444012395172, 0.04920068260557284, 0.04979159809151677, 0.05588266714468575, 0.05979411425859879, 0.06271886436470495, 0.07039134222090063, 0.07266842471745298, 0.07900240397924588, 0.08831471151287656, 0.08866686779339136, 0.09951359766667432, 0.10732981071116278, 0.11168722169864255, 0.12535006052684503, 0.1304390635484829, 0.1406842916773412, 0.1578943786829409, 0.15852398496437092, 0.17720979735854403, 0.19265588946553255, 0.19888809558518564, 0.2232183274013248, 0.23413675699672576, 0.25052490719085774, 0.2811719353588139, 0.28454889766944524, 0.3155680531724235, 0.3458153098363311, 0.35417189150101946, 0.3974981861071716, 0.420273033902668, 0.4461246410291058, 0.500699631569357, 0.5107622999957667, 0.5619508495997508, 0.6207348700782528, 0.6306950064574562, 0.7078487228085639, 0.7543857072737331, 0.7944407506824198, 0.8916256906428521, 0.9168129950024354, 1.0006993869982703, 1.1142126099432306, 1.123116206327249, 1.2605084297079645, 1.3541144670982843, 1.4147080172235327, 1.5877710349467675, 1.6456697524705761, 1.7820050701088186, 2.0]::float8[]) - 1 END) AS fine_bin
            FROM (SELECT o.* FROM old_rows o LEFT JOIN new_rows n ON n.match_id = o.match_id WHERE n.match_id IS NULL OR (o.match_id, o.auto_class, o.hcv_expert_class, o.expert_class) IS DISTINCT FROM (n.match_id, n.auto_class, n.hcv_expert_class, n.expert_class)) c CROSS JOIN LATERAL (SELECT candidate_id, filter_det_flag, mad FROM catalog_filterstat WHERE candidate_id = c.match_id OFFSET 0) f
            WHERE f.filter_det_flag > 0
        ) flagged
        WHERE fine_bin BETWEEN 0 AND 76
        GROUP BY 1, 2, 3, 4;
        INSERT INTO reports_madcell (auto_class, hcv_expert_class, expert_class, fine_bin, n)
        SELECT auto_class, hcv_expert_class, expert_class, fine_bin, 1 * count(*) FROM (
            SELECT c.auto_class, c.hcv_expert_class, coalesce(c.expert_class, 0) AS expert_class,
                   (CASE WHEN f.mad = 2.0 THEN 76 ELSE width_bucket(f.mad, ARRAY[0.007, 0.007856318837041854, 0.008507174649702574, 0.008817392238465522, 0.009896034962377617, 0.01033886007436316, 0.011106629412421718, 0.012465317409835976, 0.012564926904492048, 0.013990215425228592, 0.015270289662465799, 0.015701656139928126, 0.017622459557838744, 0.018558145872877758, 0.019778237282750966, 0.022197734018279982, 0.022553912587889732, 0.024913210843922538, 0.0274100104884719, 0.027960875377757717, 0.03138136456149395, 0.03331167805365855, 0.03522028650522037, 0.03952882861671053, 0.04048403758244823, 0.04436444012395172, 0.04920068260557284, 0.04979159809151677, 0.05588266714468575, 0.05979411425859879, 0.06271886436470495, 0.07039134222090063, 0.07266842471745298, 0.07900240397924588, 0.08831471151287656, 0.08866686779339136, 0.09951359766667432, 0.10732981071116278, 0.11168722169864255, 0.12535006052684503, 0.1304390635484829, 0.1406842916773412, 0.1578943786829409, 0.15852398496437092, 0.17720979735854403, 0.19265588946553255, 0.19888809558518564, 0.2232183274013248, 0.23413675699672576, 0.25052490719085774, 0.2811719353588139, 0.28454889766944524, 0.3155680531724235, 0.3458153098363311, 0.35417189150101946, 0.3974981861071716, 0.420273033902668, 0.4461246410291058, 0.500699631569357, 0.5107622999957667, 0.5619508495997508, 0.6207348700782528, 0.6306950064574562, 0.7078487228085639, 0.7543857072737331, 0.7944407506824198, 0.8916256906428521, 0.9168129950024354, 1.0006993869982703, 1.1142126099432306, 1.123116206327249, 1.2605084297079645, 1.3541144670982843, 1.4147080172235327, 1.5877710349467675, 1.6456697524705761, 1.7820050701088186, 2.0]::float8[]) - 1 END) AS fine_bin
            FROM (SELECT n.* FROM new_rows n LEFT JOIN old_rows o ON o.match_id = n.match_id WHERE o.match_id IS NULL OR (o.match_id, o.auto_class, o.hcv_expert_class, o.expert_class) IS DISTINCT FROM (n.match_id, n.auto_class, n.hcv_expert_class, n.expert_class)) c CROSS JOIN LATERAL (SELECT candidate_id, filter_det_flag, mad FROM catalog_filterstat WHERE candidate_id = c.match_id OFFSET 0) f
            WHERE f.filter_det_flag > 0
        ) flagged
        WHERE fine_bin BETWEEN 0 AND 76
        GROUP BY 1, 2, 3, 4; RETURN NULL; END $$;


--
-- Name: madcell_filterstat_delete(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.madcell_filterstat_delete() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN 
        INSERT INTO reports_madcell (auto_class, hcv_expert_class, expert_class, fine_bin, n)
        SELECT auto_class, hcv_expert_class, expert_class, fine_bin, -1 * count(*) FROM (
            SELECT c.auto_class, c.hcv_expert_class, coalesce(c.expert_class, 0) AS expert_class,
                   (CASE WHEN f.mad = 2.0 THEN 76 ELSE width_bucket(f.mad, ARRAY[0.007, 0.007856318837041854, 0.008507174649702574, 0.008817392238465522, 0.009896034962377617, 0.01033886007436316, 0.011106629412421718, 0.012465317409835976, 0.012564926904492048, 0.013990215425228592, 0.015270289662465799, 0.015701656139928126, 0.017622459557838744, 0.018558145872877758, 0.019778237282750966, 0.022197734018279982, 0.022553912587889732, 0.024913210843922538, 0.0274100104884719, 0.027960875377757717, 0.03138136456149395, 0.03331167805365855, 0.03522028650522037, 0.03952882861671053, 0.04048403758244823, 0.04436444012395172, 0.04920068260557284, 0.04979159809151677, 0.05588266714468575, 0.05979411425859879, 0.06271886436470495, 0.07039134222090063, 0.07266842471745298, 0.07900240397924588, 0.08831471151287656, 0.08866686779339136, 0.09951359766667432, 0.10732981071116278, 0.11168722169864255, 0.12535006052684503, 0.1304390635484829, 0.1406842916773412, 0.1578943786829409, 0.15852398496437092, 0.17720979735854403, 0.19265588946553255, 0.19888809558518564, 0.2232183274013248, 0.23413675699672576, 0.25052490719085774, 0.2811719353588139, 0.28454889766944524, 0.3155680531724235, 0.3458153098363311, 0.35417189150101946, 0.3974981861071716, 0.420273033902668, 0.4461246410291058, 0.500699631569357, 0.5107622999957667, 0.5619508495997508, 0.6207348700782528, 0.6306950064574562, 0.7078487228085639, 0.7543857072737331, 0.7944407506824198, 0.8916256906428521, 0.9168129950024354, 1.0006993869982703, 1.1142126099432306, 1.123116206327249, 1.2605084297079645, 1.3541144670982843, 1.4147080172235327, 1.5877710349467675, 1.6456697524705761, 1.7820050701088186, 2.0]::float8[]) - 1 END) AS fine_bin
            FROM old_rows f CROSS JOIN LATERAL (SELECT match_id, auto_class, hcv_expert_class, expert_class FROM catalog_candidate WHERE match_id = f.candidate_id OFFSET 0) c
            WHERE f.filter_det_flag > 0
        ) flagged
        WHERE fine_bin BETWEEN 0 AND 76
        GROUP BY 1, 2, 3, 4; RETURN NULL; END $$;


--
-- Name: madcell_filterstat_insert(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.madcell_filterstat_insert() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN 
        INSERT INTO reports_madcell (auto_class, hcv_expert_class, expert_class, fine_bin, n)
        SELECT auto_class, hcv_expert_class, expert_class, fine_bin, 1 * count(*) FROM (
            SELECT c.auto_class, c.hcv_expert_class, coalesce(c.expert_class, 0) AS expert_class,
                   (CASE WHEN f.mad = 2.0 THEN 76 ELSE width_bucket(f.mad, ARRAY[0.007, 0.007856318837041854, 0.008507174649702574, 0.008817392238465522, 0.009896034962377617, 0.01033886007436316, 0.011106629412421718, 0.012465317409835976, 0.012564926904492048, 0.013990215425228592, 0.015270289662465799, 0.015701656139928126, 0.017622459557838744, 0.018558145872877758, 0.019778237282750966, 0.022197734018279982, 0.022553912587889732, 0.024913210843922538, 0.0274100104884719, 0.027960875377757717, 0.03138136456149395, 0.03331167805365855, 0.03522028650522037, 0.03952882861671053, 0.04048403758244823, 0.04436444012395172, 0.04920068260557284, 0.04979159809151677, 0.05588266714468575, 0.05979411425859879, 0.06271886436470495, 0.07039134222090063, 0.07266842471745298, 0.07900240397924588, 0.08831471151287656, 0.08866686779339136, 0.09951359766667432, 0.10732981071116278, 0.11168722169864255, 0.12535006052684503, 0.1304390635484829, 0.1406842916773412, 0.1578943786829409, 0.15852398496437092, 0.17720979735854403, 0.19265588946553255, 0.19888809558518564, 0.2232183274013248, 0.23413675699672576, 0.25052490719085774, 0.2811719353588139, 0.28454889766944524, 0.3155680531724235, 0.3458153098363311, 0.35417189150101946, 0.3974981861071716, 0.420273033902668, 0.4461246410291058, 0.500699631569357, 0.5107622999957667, 0.5619508495997508, 0.6207348700782528, 0.6306950064574562, 0.7078487228085639, 0.7543857072737331, 0.7944407506824198, 0.8916256906428521, 0.9168129950024354, 1.0006993869982703, 1.1142126099432306, 1.123116206327249, 1.2605084297079645, 1.3541144670982843, 1.4147080172235327, 1.5877710349467675, 1.6456697524705761, 1.7820050701088186, 2.0]::float8[]) - 1 END) AS fine_bin
            FROM new_rows f CROSS JOIN LATERAL (SELECT match_id, auto_class, hcv_expert_class, expert_class FROM catalog_candidate WHERE match_id = f.candidate_id OFFSET 0) c
            WHERE f.filter_det_flag > 0
        ) flagged
        WHERE fine_bin BETWEEN 0 AND 76
        GROUP BY 1, 2, 3, 4; RETURN NULL; END $$;


--
-- Name: madcell_filterstat_update(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.madcell_filterstat_update() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN 
        INSERT INTO reports_madcell (auto_class, hcv_expert_class, expert_class, fine_bin, n)
        SELECT auto_class, hcv_expert_class, expert_class, fine_bin, -1 * count(*) FROM (
            SELECT c.auto_class, c.hcv_expert_class, coalesce(c.expert_class, 0) AS expert_class,
                   (CASE WHEN f.mad = 2.0 THEN 76 ELSE width_bucket(f.mad, ARRAY[0.007, 0.007856318837041854, 0.008507174649702574, 0.008817392238465522, 0.009896034962377617, 0.01033886007436316, 0.011106629412421718, 0.012465317409835976, 0.012564926904492048, 0.013990215425228592, 0.015270289662465799, 0.015701656139928126, 0.017622459557838744, 0.018558145872877758, 0.019778237282750966, 0.022197734018279982, 0.022553912587889732, 0.024913210843922538, 0.0274100104884719, 0.027960875377757717, 0.03138136456149395, 0.03331167805365855, 0.03522028650522037, 0.03952882861671053, 0.04048403758244823, 0.04436444012395172, 0.04920068260557284, 0.04979159809151677, 0.05588266714468575, 0.05979411425859879, 0.06271886436470495, 0.07039134222090063, 0.07266842471745298, 0.07900240397924588, 0.08831471151287656, 0.08866686779339136, 0.09951359766667432, 0.10732981071116278, 0.11168722169864255, 0.12535006052684503, 0.1304390635484829, 0.1406842916773412, 0.1578943786829409, 0.15852398496437092, 0.17720979735854403, 0.19265588946553255, 0.19888809558518564, 0.2232183274013248, 0.23413675699672576, 0.25052490719085774, 0.2811719353588139, 0.28454889766944524, 0.3155680531724235, 0.3458153098363311, 0.35417189150101946, 0.3974981861071716, 0.420273033902668, 0.4461246410291058, 0.500699631569357, 0.5107622999957667, 0.5619508495997508, 0.6207348700782528, 0.6306950064574562, 0.7078487228085639, 0.7543857072737331, 0.7944407506824198, 0.8916256906428521, 0.9168129950024354, 1.0006993869982703, 1.1142126099432306, 1.123116206327249, 1.2605084297079645, 1.3541144670982843, 1.4147080172235327, 1.5877710349467675, 1.6456697524705761, 1.7820050701088186, 2.0]::float8[]) - 1 END) AS fine_bin
            FROM (SELECT o.* FROM old_rows o LEFT JOIN new_rows n ON n.id = o.id WHERE n.id IS NULL OR (o.candidate_id, o.filter_det_flag, o.mad) IS DISTINCT FROM (n.candidate_id, n.filter_det_flag, n.mad)) f CROSS JOIN LATERAL (SELECT match_id, auto_class, hcv_expert_class, expert_class FROM catalog_candidate WHERE match_id = f.candidate_id OFFSET 0) c
            WHERE f.filter_det_flag > 0
        ) flagged
        WHERE fine_bin BETWEEN 0 AND 76
        GROUP BY 1, 2, 3, 4;
        INSERT INTO reports_madcell (auto_class, hcv_expert_class, expert_class, fine_bin, n)
        SELECT auto_class, hcv_expert_class, expert_class, fine_bin, 1 * count(*) FROM (
            SELECT c.auto_class, c.hcv_expert_class, coalesce(c.expert_class, 0) AS expert_class,
                   (CASE WHEN f.mad = 2.0 THEN 76 ELSE width_bucket(f.mad, ARRAY[0.007, 0.007856318837041854, 0.008507174649702574, 0.008817392238465522, 0.009896034962377617, 0.01033886007436316, 0.011106629412421718, 0.012465317409835976, 0.012564926904492048, 0.013990215425228592, 0.015270289662465799, 0.015701656139928126, 0.017622459557838744, 0.018558145872877758, 0.019778237282750966, 0.022197734018279982, 0.022553912587889732, 0.024913210843922538, 0.0274100104884719, 0.027960875377757717, 0.03138136456149395, 0.03331167805365855, 0.03522028650522037, 0.03952882861671053, 0.04048403758244823, 0.04436444012395172, 0.04920068260557284, 0.04979159809151677, 0.05588266714468575, 0.05979411425859879, 0.06271886436470495, 0.07039134222090063, 0.07266842471745298, 0.07900240397924588, 0.08831471151287656, 0.08866686779339136, 0.09951359766667432, 0.10732981071116278, 0.11168722169864255, 0.12535006052684503, 0.1304390635484829, 0.1406842916773412, 0.1578943786829409, 0.15852398496437092, 0.17720979735854403, 0.19265588946553255, 0.19888809558518564, 0.2232183274013248, 0.23413675699672576, 0.25052490719085774, 0.2811719353588139, 0.28454889766944524, 0.3155680531724235, 0.3458153098363311, 0.35417189150101946, 0.3974981861071716, 0.420273033902668, 0.4461246410291058, 0.500699631569357, 0.5107622999957667, 0.5619508495997508, 0.6207348700782528, 0.6306950064574562, 0.7078487228085639, 0.7543857072737331, 0.7944407506824198, 0.8916256906428521, 0.9168129950024354, 1.0006993869982703, 1.1142126099432306, 1.123116206327249, 1.2605084297079645, 1.3541144670982843, 1.4147080172235327, 1.5877710349467675, 1.6456697524705761, 1.7820050701088186, 2.0]::float8[]) - 1 END) AS fine_bin
            FROM (SELECT n.* FROM new_rows n LEFT JOIN old_rows o ON o.id = n.id WHERE o.id IS NULL OR (o.candidate_id, o.filter_det_flag, o.mad) IS DISTINCT FROM (n.candidate_id, n.filter_det_flag, n.mad)) f CROSS JOIN LATERAL (SELECT match_id, auto_class, hcv_expert_class, expert_class FROM catalog_candidate WHERE match_id = f.candidate_id OFFSET 0) c
            WHERE f.filter_det_flag > 0
        ) flagged
        WHERE fine_bin BETWEEN 0 AND 76
        GROUP BY 1, 2, 3, 4; RETURN NULL; END $$;


--
-- Name: madcell_truncate(); Type: FUNCTION; Schema: public; Owner: -
--

CREATE FUNCTION public.madcell_truncate() RETURNS trigger
    LANGUAGE plpgsql
    AS $$ BEGIN DELETE FROM reports_madcell; RETURN NULL; END $$;


SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: accounts_user; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.accounts_user (
    id bigint NOT NULL,
    password character varying(128) NOT NULL,
    last_login timestamp with time zone,
    is_superuser boolean NOT NULL,
    username character varying(150) NOT NULL,
    first_name character varying(150) NOT NULL,
    last_name character varying(150) NOT NULL,
    email character varying(254) NOT NULL,
    is_staff boolean NOT NULL,
    is_active boolean NOT NULL,
    date_joined timestamp with time zone NOT NULL
);


--
-- Name: accounts_user_groups; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.accounts_user_groups (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    group_id integer NOT NULL
);


--
-- Name: accounts_user_groups_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.accounts_user_groups ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.accounts_user_groups_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: accounts_user_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.accounts_user ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.accounts_user_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: accounts_user_user_permissions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.accounts_user_user_permissions (
    id bigint NOT NULL,
    user_id bigint NOT NULL,
    permission_id integer NOT NULL
);


--
-- Name: accounts_user_user_permissions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.accounts_user_user_permissions ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.accounts_user_user_permissions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: auth_group; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auth_group (
    id integer NOT NULL,
    name character varying(150) NOT NULL
);


--
-- Name: auth_group_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.auth_group ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.auth_group_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: auth_group_permissions; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auth_group_permissions (
    id bigint NOT NULL,
    group_id integer NOT NULL,
    permission_id integer NOT NULL
);


--
-- Name: auth_group_permissions_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.auth_group_permissions ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.auth_group_permissions_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: auth_permission; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.auth_permission (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    content_type_id integer NOT NULL,
    codename character varying(100) NOT NULL
);


--
-- Name: auth_permission_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.auth_permission ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.auth_permission_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: authtoken_token; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.authtoken_token (
    key character varying(40) NOT NULL,
    created timestamp with time zone NOT NULL,
    user_id bigint NOT NULL
);


--
-- Name: catalog_candidate; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.catalog_candidate (
    match_id bigint NOT NULL,
    sub_group_id integer NOT NULL,
    ra_deg double precision NOT NULL,
    dec_deg double precision NOT NULL,
    auto_class smallint NOT NULL,
    hcv_expert_class smallint NOT NULL,
    num_filters smallint NOT NULL,
    expert_class smallint,
    max_mad double precision,
    stats_mismatch boolean NOT NULL,
    needs_review boolean NOT NULL,
    has_light_curve boolean NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    group_id integer NOT NULL,
    CONSTRAINT candidate_auto_class_valid CHECK ((auto_class = ANY (ARRAY[0, 1, 2]))),
    CONSTRAINT candidate_expert_class_valid CHECK (((expert_class IS NULL) OR (expert_class = ANY (ARRAY[1, 2, 4])))),
    CONSTRAINT candidate_hcv_expert_class_valid CHECK ((hcv_expert_class = ANY (ARRAY[0, 1, 2, 4]))),
    CONSTRAINT candidate_position_valid CHECK (((dec_deg >= ('-90.0'::numeric)::double precision) AND (dec_deg <= (90.0)::double precision) AND (ra_deg >= (0.0)::double precision) AND (ra_deg < (360.0)::double precision)))
);


--
-- Name: catalog_cutout; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.catalog_cutout (
    id bigint NOT NULL,
    size_px integer NOT NULL,
    zoom double precision NOT NULL,
    file character varying(100) NOT NULL,
    status character varying(8) NOT NULL,
    error character varying(300) NOT NULL,
    attempts integer NOT NULL,
    fetched_at timestamp with time zone,
    candidate_id bigint NOT NULL,
    image_id character varying(64) NOT NULL
);


--
-- Name: catalog_cutout_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.catalog_cutout ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.catalog_cutout_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: catalog_filterstat; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.catalog_filterstat (
    id bigint NOT NULL,
    filter character varying(16) NOT NULL,
    filter_det_flag smallint NOT NULL,
    var_qual_flag character varying(5) NOT NULL,
    num_lc integer NOT NULL,
    mean_mag double precision,
    mean_corr_mag double precision,
    mad double precision,
    chi2 double precision,
    mad_threshold double precision,
    vetted_mad double precision,
    vetted_chi2 double precision,
    vetted_num_lc integer,
    lc_mismatch boolean NOT NULL,
    candidate_id bigint NOT NULL,
    CONSTRAINT filterstat_det_flag_valid CHECK ((filter_det_flag = ANY (ARRAY[0, 1])))
);


--
-- Name: catalog_filterstat_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.catalog_filterstat ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.catalog_filterstat_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: catalog_group; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.catalog_group (
    group_id integer NOT NULL,
    target_name character varying(128) NOT NULL
);


--
-- Name: catalog_image; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.catalog_image (
    name character varying(64) NOT NULL,
    instrument character varying(8) NOT NULL,
    detector character varying(8) NOT NULL,
    filter character varying(16) NOT NULL,
    proposal_id integer NOT NULL,
    visit character varying(4) NOT NULL,
    mjd double precision,
    flagged boolean NOT NULL
);


--
-- Name: catalog_measurement; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.catalog_measurement (
    id bigint NOT NULL,
    filter character varying(16) NOT NULL,
    mjd double precision NOT NULL,
    mag double precision,
    corr_mag double precision,
    mag_err double precision,
    ci double precision,
    d double precision,
    rejected boolean NOT NULL,
    rejected_source character varying(16) NOT NULL,
    rejected_reason character varying(200) NOT NULL,
    rejected_at timestamp with time zone,
    candidate_id bigint NOT NULL,
    image_id character varying(64) NOT NULL,
    rejected_by_id bigint
);


--
-- Name: catalog_measurement_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.catalog_measurement ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.catalog_measurement_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: django_admin_log; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.django_admin_log (
    id integer NOT NULL,
    action_time timestamp with time zone NOT NULL,
    object_id text,
    object_repr character varying(200) NOT NULL,
    action_flag smallint NOT NULL,
    change_message text NOT NULL,
    content_type_id integer,
    user_id bigint NOT NULL,
    CONSTRAINT django_admin_log_action_flag_check CHECK ((action_flag >= 0))
);


--
-- Name: django_admin_log_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.django_admin_log ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.django_admin_log_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: django_content_type; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.django_content_type (
    id integer NOT NULL,
    app_label character varying(100) NOT NULL,
    model character varying(100) NOT NULL
);


--
-- Name: django_content_type_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.django_content_type ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.django_content_type_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: django_migrations; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.django_migrations (
    id bigint NOT NULL,
    app character varying(255) NOT NULL,
    name character varying(255) NOT NULL,
    applied timestamp with time zone NOT NULL
);


--
-- Name: django_migrations_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.django_migrations ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.django_migrations_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: django_session; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.django_session (
    session_key character varying(40) NOT NULL,
    session_data text NOT NULL,
    expire_date timestamp with time zone NOT NULL
);


--
-- Name: hcvvet_data_epoch; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.hcvvet_data_epoch (
    epoch text NOT NULL
);


--
-- Name: hcvvet_data_version; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.hcvvet_data_version
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: ingest_ingestjob; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ingest_ingestjob (
    id bigint NOT NULL,
    target_name character varying(128) NOT NULL,
    ra_deg double precision,
    dec_deg double precision,
    radius_arcsec double precision,
    filters jsonb NOT NULL,
    autoclass_min smallint NOT NULL,
    expert_validated boolean NOT NULL,
    group_ids jsonb NOT NULL,
    match_ids jsonb NOT NULL,
    source character varying(16) NOT NULL,
    fetch_cutouts boolean NOT NULL,
    state character varying(16) NOT NULL,
    stage character varying(32) NOT NULL,
    error text NOT NULL,
    progress jsonb NOT NULL,
    counts jsonb NOT NULL,
    timings jsonb NOT NULL,
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    finished_at timestamp with time zone,
    created_by_id bigint,
    rerun_of_id bigint,
    heartbeat_at timestamp with time zone,
    lease_token character varying(64) NOT NULL,
    CONSTRAINT ingest_ingestjob_autoclass_min_check CHECK ((autoclass_min >= 0)),
    CONSTRAINT ingestjob_radius_valid CHECK (((radius_arcsec IS NULL) OR ((radius_arcsec > (0.0)::double precision) AND (radius_arcsec <= (1800.0)::double precision))))
);


--
-- Name: ingest_ingestjob_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.ingest_ingestjob ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.ingest_ingestjob_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: ingest_ingestjobmember; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.ingest_ingestjobmember (
    id bigint NOT NULL,
    light_curve_done boolean NOT NULL,
    candidate_id bigint NOT NULL,
    job_id bigint NOT NULL
);


--
-- Name: ingest_ingestjobmember_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.ingest_ingestjobmember ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.ingest_ingestjobmember_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: reports_madcell; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.reports_madcell (
    id bigint NOT NULL,
    auto_class smallint NOT NULL,
    hcv_expert_class smallint NOT NULL,
    expert_class smallint NOT NULL,
    fine_bin smallint NOT NULL,
    n bigint NOT NULL
);


--
-- Name: reports_madcell_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.reports_madcell ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.reports_madcell_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: reports_madfineedge; Type: VIEW; Schema: public; Owner: -
--

CREATE VIEW public.reports_madfineedge AS
 SELECT "*VALUES*".column1 AS "position",
    "*VALUES*".column2 AS edge
   FROM (VALUES (0,(0.007)::double precision), (1,(0.007856318837041854)::double precision), (2,(0.008507174649702574)::double precision), (3,(0.008817392238465522)::double precision), (4,(0.009896034962377617)::double precision), (5,(0.01033886007436316)::double precision), (6,(0.011106629412421718)::double precision), (7,(0.012465317409835976)::double precision), (8,(0.012564926904492048)::double precision), (9,(0.013990215425228592)::double precision), (10,(0.015270289662465799)::double precision), (11,(0.015701656139928126)::double precision), (12,(0.017622459557838744)::double precision), (13,(0.018558145872877758)::double precision), (14,(0.019778237282750966)::double precision), (15,(0.022197734018279982)::double precision), (16,(0.022553912587889732)::double precision), (17,(0.024913210843922538)::double precision), (18,(0.0274100104884719)::double precision), (19,(0.027960875377757717)::double precision), (20,(0.03138136456149395)::double precision), (21,(0.03331167805365855)::double precision), (22,(0.03522028650522037)::double precision), (23,(0.03952882861671053)::double precision), (24,(0.04048403758244823)::double precision), (25,(0.04436444012395172)::double precision), (26,(0.04920068260557284)::double precision), (27,(0.04979159809151677)::double precision), (28,(0.05588266714468575)::double precision), (29,(0.05979411425859879)::double precision), (30,(0.06271886436470495)::double precision), (31,(0.07039134222090063)::double precision), (32,(0.07266842471745298)::double precision), (33,(0.07900240397924588)::double precision), (34,(0.08831471151287656)::double precision), (35,(0.08866686779339136)::double precision), (36,(0.09951359766667432)::double precision), (37,(0.10732981071116278)::double precision), (38,(0.11168722169864255)::double precision), (39,(0.12535006052684503)::double precision), (40,(0.1304390635484829)::double precision), (41,(0.1406842916773412)::double precision), (42,(0.1578943786829409)::double precision), (43,(0.15852398496437092)::double precision), (44,(0.17720979735854403)::double precision), (45,(0.19265588946553255)::double precision), (46,(0.19888809558518564)::double precision), (47,(0.2232183274013248)::double precision), (48,(0.23413675699672576)::double precision), (49,(0.25052490719085774)::double precision), (50,(0.2811719353588139)::double precision), (51,(0.28454889766944524)::double precision), (52,(0.3155680531724235)::double precision), (53,(0.3458153098363311)::double precision), (54,(0.35417189150101946)::double precision), (55,(0.3974981861071716)::double precision), (56,(0.420273033902668)::double precision), (57,(0.4461246410291058)::double precision), (58,(0.500699631569357)::double precision), (59,(0.5107622999957667)::double precision), (60,(0.5619508495997508)::double precision), (61,(0.6207348700782528)::double precision), (62,(0.6306950064574562)::double precision), (63,(0.7078487228085639)::double precision), (64,(0.7543857072737331)::double precision), (65,(0.7944407506824198)::double precision), (66,(0.8916256906428521)::double precision), (67,(0.9168129950024354)::double precision), (68,(1.0006993869982703)::double precision), (69,(1.1142126099432306)::double precision), (70,(1.123116206327249)::double precision), (71,(1.2605084297079645)::double precision), (72,(1.3541144670982843)::double precision), (73,(1.4147080172235327)::double precision), (74,(1.5877710349467675)::double precision), (75,(1.6456697524705761)::double precision), (76,(1.7820050701088186)::double precision), (77,(2.0)::double precision)) "*VALUES*";


--
-- Name: vetting_adjudication; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.vetting_adjudication (
    id bigint NOT NULL,
    decided_class smallint NOT NULL,
    rule character varying(32) NOT NULL,
    votes jsonb NOT NULL,
    note text NOT NULL,
    decided_at timestamp with time zone NOT NULL,
    adjudicator_id bigint NOT NULL,
    item_id bigint NOT NULL,
    CONSTRAINT adjudication_class_valid CHECK ((decided_class = ANY (ARRAY[1, 2, 4])))
);


--
-- Name: vetting_adjudication_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.vetting_adjudication ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.vetting_adjudication_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: vetting_campaign; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.vetting_campaign (
    id bigint NOT NULL,
    name character varying(120) NOT NULL,
    description text NOT NULL,
    selection jsonb NOT NULL,
    votes_needed smallint NOT NULL,
    blind boolean NOT NULL,
    rule character varying(16) NOT NULL,
    rule_k smallint NOT NULL,
    "order" character varying(16) NOT NULL,
    seed integer NOT NULL,
    state character varying(8) NOT NULL,
    is_default boolean NOT NULL,
    created_at timestamp with time zone NOT NULL,
    started_at timestamp with time zone,
    created_by_id bigint,
    order_version integer NOT NULL,
    CONSTRAINT campaign_votes_needed_positive CHECK ((votes_needed >= 1)),
    CONSTRAINT vetting_campaign_order_version_check CHECK ((order_version >= 0)),
    CONSTRAINT vetting_campaign_rule_k_check CHECK ((rule_k >= 0)),
    CONSTRAINT vetting_campaign_votes_needed_check CHECK ((votes_needed >= 0))
);


--
-- Name: vetting_campaign_experts; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.vetting_campaign_experts (
    id bigint NOT NULL,
    campaign_id bigint NOT NULL,
    user_id bigint NOT NULL
);


--
-- Name: vetting_campaign_experts_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.vetting_campaign_experts ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.vetting_campaign_experts_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: vetting_campaign_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.vetting_campaign ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.vetting_campaign_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: vetting_campaigncandidate; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.vetting_campaigncandidate (
    id bigint NOT NULL,
    "position" integer NOT NULL,
    is_gold boolean NOT NULL,
    gold_class smallint,
    vote_count smallint NOT NULL,
    consensus character varying(12) NOT NULL,
    consensus_class smallint,
    stratum character varying(32) NOT NULL,
    campaign_id bigint NOT NULL,
    candidate_id bigint NOT NULL,
    decided_at timestamp with time zone,
    CONSTRAINT vetting_campaigncandidate_vote_count_check CHECK ((vote_count >= 0))
);


--
-- Name: vetting_campaigncandidate_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.vetting_campaigncandidate ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.vetting_campaigncandidate_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: vetting_imageflag; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.vetting_imageflag (
    id bigint NOT NULL,
    reason character varying(300) NOT NULL,
    created_at timestamp with time zone NOT NULL,
    cleared_at timestamp with time zone,
    cleared_by_id bigint,
    flagged_by_id bigint NOT NULL,
    image_id character varying(64) NOT NULL,
    marked_for_review jsonb NOT NULL
);


--
-- Name: vetting_imageflag_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.vetting_imageflag ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.vetting_imageflag_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: vetting_label; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.vetting_label (
    id bigint NOT NULL,
    expert_class smallint,
    reasons jsonb NOT NULL,
    comment text NOT NULL,
    seconds_spent double precision NOT NULL,
    created_at timestamp with time zone NOT NULL,
    updated_at timestamp with time zone NOT NULL,
    campaign_id bigint NOT NULL,
    candidate_id bigint NOT NULL,
    expert_id bigint NOT NULL,
    skipped boolean NOT NULL,
    CONSTRAINT label_class_valid CHECK (((expert_class IS NULL) OR (expert_class = ANY (ARRAY[1, 2, 4])))),
    CONSTRAINT label_skip_has_no_class CHECK (((NOT skipped) OR (expert_class IS NULL)))
);


--
-- Name: vetting_label_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.vetting_label ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.vetting_label_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: vetting_labelevent; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.vetting_labelevent (
    id bigint NOT NULL,
    kind character varying(16) NOT NULL,
    before jsonb,
    after jsonb,
    created_at timestamp with time zone NOT NULL,
    actor_id bigint,
    campaign_id bigint,
    candidate_id bigint,
    label_id bigint,
    undoes_id bigint
);


--
-- Name: vetting_labelevent_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.vetting_labelevent ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.vetting_labelevent_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Name: vetting_lease; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.vetting_lease (
    id bigint NOT NULL,
    expires_at timestamp with time zone NOT NULL,
    expert_id bigint NOT NULL,
    item_id bigint NOT NULL
);


--
-- Name: vetting_lease_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

ALTER TABLE public.vetting_lease ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY (
    SEQUENCE NAME public.vetting_lease_id_seq
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1
);


--
-- Data for Name: accounts_user; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.accounts_user VALUES (1, 'pbkdf2_sha256$1000000$DfzYCJ2V3Taz0BlTMi8Z4U$+QKzhy9N7FGCmk/LQY1r+y0DJc74/iE7O8AmZ6vdEZU=', NULL, false, 'cora', '', '', '', true, true, '2026-12-02 06:55:40.603837+00');
INSERT INTO public.accounts_user VALUES (2, 'pbkdf2_sha256$1000000$AP8unPhONxSASNa8yhqlmY$r86F4CGlah2ADW7Q2NMdXy1anin1RrChF9RjyTqPdO4=', NULL, false, 'ada', '', '', 'ada@x.org', false, true, '2026-12-02 06:55:42.72357+00');
INSERT INTO public.accounts_user VALUES (3, 'pbkdf2_sha256$1000000$nHRb41JGGMYhmYAE9Obyej$PORBUt1HqJAshUBEjvlzc0CcrpUU2UfUWt8FKZ4ZuPY=', NULL, false, 'bob', '', '', '', false, true, '2026-12-02 06:55:44.864562+00');
INSERT INTO public.accounts_user VALUES (4, 'pbkdf2_sha256$1000000$oAcpQEG6rJiDJ42gI9sblK$Bv663DJUcUbCgEFo3Z+El3gsKZwYVD5SonfixHI1iIw=', NULL, false, 'eve', '', '', '', false, true, '2026-12-02 06:55:46.823495+00');
INSERT INTO public.accounts_user VALUES (5, 'pbkdf2_sha256$1000000$JDYJg1qBvnSCXppfIHKFIA$PNr0kfroL4imY3XpermH06QBrsDU8sb7O1CyvdskoA0=', NULL, false, 'vic', '', '', '', false, true, '2026-12-02 06:55:48.463585+00');
INSERT INTO public.accounts_user VALUES (6, 'pbkdf2_sha256$1000000$7nOscwQ3zO3Ag0PTHMNqWJ$zPs+cZfbO5z8U0OngStJnFyYYsbmUPWIMlgnB5heZpY=', NULL, false, 'dan', '', '', '', false, false, '2026-12-02 06:55:50.299972+00');
INSERT INTO public.accounts_user VALUES (7, 'pbkdf2_sha256$1000000$ftFsHu6QwMNCCB59aJ5rlO$GVQ2dJcPXdNVYnpIKFVGak7salJgke6LEX+tIZgkbR8=', NULL, true, 'root', '', '', 'root@x.org', true, true, '2026-12-02 06:55:52.27958+00');


--
-- Data for Name: accounts_user_groups; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.accounts_user_groups VALUES (1, 1, 1);
INSERT INTO public.accounts_user_groups VALUES (2, 1, 2);
INSERT INTO public.accounts_user_groups VALUES (3, 2, 1);
INSERT INTO public.accounts_user_groups VALUES (4, 3, 1);
INSERT INTO public.accounts_user_groups VALUES (5, 4, 1);
INSERT INTO public.accounts_user_groups VALUES (6, 5, 3);
INSERT INTO public.accounts_user_groups VALUES (7, 6, 1);


--
-- Data for Name: accounts_user_user_permissions; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: auth_group; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.auth_group VALUES (1, 'expert');
INSERT INTO public.auth_group VALUES (2, 'curator');
INSERT INTO public.auth_group VALUES (3, 'viewer');


--
-- Data for Name: auth_group_permissions; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.auth_group_permissions VALUES (1, 2, 33);
INSERT INTO public.auth_group_permissions VALUES (2, 2, 34);
INSERT INTO public.auth_group_permissions VALUES (3, 2, 35);
INSERT INTO public.auth_group_permissions VALUES (4, 2, 36);
INSERT INTO public.auth_group_permissions VALUES (5, 2, 37);
INSERT INTO public.auth_group_permissions VALUES (6, 2, 38);
INSERT INTO public.auth_group_permissions VALUES (7, 2, 39);
INSERT INTO public.auth_group_permissions VALUES (8, 2, 40);
INSERT INTO public.auth_group_permissions VALUES (9, 2, 41);
INSERT INTO public.auth_group_permissions VALUES (10, 2, 42);
INSERT INTO public.auth_group_permissions VALUES (11, 2, 43);
INSERT INTO public.auth_group_permissions VALUES (12, 2, 44);
INSERT INTO public.auth_group_permissions VALUES (13, 2, 45);
INSERT INTO public.auth_group_permissions VALUES (14, 2, 46);
INSERT INTO public.auth_group_permissions VALUES (15, 2, 47);
INSERT INTO public.auth_group_permissions VALUES (16, 2, 48);
INSERT INTO public.auth_group_permissions VALUES (17, 2, 49);
INSERT INTO public.auth_group_permissions VALUES (18, 2, 50);
INSERT INTO public.auth_group_permissions VALUES (19, 2, 51);
INSERT INTO public.auth_group_permissions VALUES (20, 2, 52);
INSERT INTO public.auth_group_permissions VALUES (21, 2, 53);
INSERT INTO public.auth_group_permissions VALUES (22, 2, 54);
INSERT INTO public.auth_group_permissions VALUES (23, 2, 55);
INSERT INTO public.auth_group_permissions VALUES (24, 2, 56);
INSERT INTO public.auth_group_permissions VALUES (25, 1, 36);
INSERT INTO public.auth_group_permissions VALUES (26, 1, 40);
INSERT INTO public.auth_group_permissions VALUES (27, 1, 44);
INSERT INTO public.auth_group_permissions VALUES (28, 1, 48);
INSERT INTO public.auth_group_permissions VALUES (29, 1, 52);
INSERT INTO public.auth_group_permissions VALUES (30, 1, 56);
INSERT INTO public.auth_group_permissions VALUES (31, 3, 36);
INSERT INTO public.auth_group_permissions VALUES (32, 3, 40);
INSERT INTO public.auth_group_permissions VALUES (33, 3, 44);
INSERT INTO public.auth_group_permissions VALUES (34, 3, 48);
INSERT INTO public.auth_group_permissions VALUES (35, 3, 52);
INSERT INTO public.auth_group_permissions VALUES (36, 3, 56);
INSERT INTO public.auth_group_permissions VALUES (37, 2, 64);
INSERT INTO public.auth_group_permissions VALUES (38, 2, 57);
INSERT INTO public.auth_group_permissions VALUES (39, 2, 58);
INSERT INTO public.auth_group_permissions VALUES (40, 2, 59);
INSERT INTO public.auth_group_permissions VALUES (41, 2, 60);
INSERT INTO public.auth_group_permissions VALUES (42, 2, 61);
INSERT INTO public.auth_group_permissions VALUES (43, 2, 62);
INSERT INTO public.auth_group_permissions VALUES (44, 2, 63);
INSERT INTO public.auth_group_permissions VALUES (45, 1, 64);
INSERT INTO public.auth_group_permissions VALUES (46, 1, 60);
INSERT INTO public.auth_group_permissions VALUES (47, 3, 64);
INSERT INTO public.auth_group_permissions VALUES (48, 3, 60);
INSERT INTO public.auth_group_permissions VALUES (49, 2, 65);
INSERT INTO public.auth_group_permissions VALUES (50, 2, 66);
INSERT INTO public.auth_group_permissions VALUES (51, 2, 67);
INSERT INTO public.auth_group_permissions VALUES (52, 2, 68);
INSERT INTO public.auth_group_permissions VALUES (53, 2, 69);
INSERT INTO public.auth_group_permissions VALUES (54, 2, 70);
INSERT INTO public.auth_group_permissions VALUES (55, 2, 71);
INSERT INTO public.auth_group_permissions VALUES (56, 2, 72);
INSERT INTO public.auth_group_permissions VALUES (57, 2, 73);
INSERT INTO public.auth_group_permissions VALUES (58, 2, 74);
INSERT INTO public.auth_group_permissions VALUES (59, 2, 76);
INSERT INTO public.auth_group_permissions VALUES (60, 2, 77);
INSERT INTO public.auth_group_permissions VALUES (61, 2, 78);
INSERT INTO public.auth_group_permissions VALUES (62, 2, 79);
INSERT INTO public.auth_group_permissions VALUES (63, 2, 80);
INSERT INTO public.auth_group_permissions VALUES (64, 2, 81);
INSERT INTO public.auth_group_permissions VALUES (65, 2, 82);
INSERT INTO public.auth_group_permissions VALUES (66, 2, 84);
INSERT INTO public.auth_group_permissions VALUES (67, 2, 85);
INSERT INTO public.auth_group_permissions VALUES (68, 2, 86);
INSERT INTO public.auth_group_permissions VALUES (69, 2, 88);
INSERT INTO public.auth_group_permissions VALUES (70, 2, 89);
INSERT INTO public.auth_group_permissions VALUES (71, 2, 90);
INSERT INTO public.auth_group_permissions VALUES (72, 2, 91);
INSERT INTO public.auth_group_permissions VALUES (73, 2, 92);
INSERT INTO public.auth_group_permissions VALUES (74, 1, 68);
INSERT INTO public.auth_group_permissions VALUES (75, 1, 72);
INSERT INTO public.auth_group_permissions VALUES (76, 1, 76);
INSERT INTO public.auth_group_permissions VALUES (77, 1, 80);
INSERT INTO public.auth_group_permissions VALUES (78, 1, 84);
INSERT INTO public.auth_group_permissions VALUES (79, 1, 88);
INSERT INTO public.auth_group_permissions VALUES (80, 1, 92);
INSERT INTO public.auth_group_permissions VALUES (81, 3, 68);
INSERT INTO public.auth_group_permissions VALUES (82, 3, 72);
INSERT INTO public.auth_group_permissions VALUES (83, 3, 76);
INSERT INTO public.auth_group_permissions VALUES (84, 3, 80);
INSERT INTO public.auth_group_permissions VALUES (85, 3, 84);
INSERT INTO public.auth_group_permissions VALUES (86, 3, 88);
INSERT INTO public.auth_group_permissions VALUES (87, 3, 92);


--
-- Data for Name: auth_permission; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.auth_permission VALUES (1, 'Can add log entry', 1, 'add_logentry');
INSERT INTO public.auth_permission VALUES (2, 'Can change log entry', 1, 'change_logentry');
INSERT INTO public.auth_permission VALUES (3, 'Can delete log entry', 1, 'delete_logentry');
INSERT INTO public.auth_permission VALUES (4, 'Can view log entry', 1, 'view_logentry');
INSERT INTO public.auth_permission VALUES (5, 'Can add permission', 2, 'add_permission');
INSERT INTO public.auth_permission VALUES (6, 'Can change permission', 2, 'change_permission');
INSERT INTO public.auth_permission VALUES (7, 'Can delete permission', 2, 'delete_permission');
INSERT INTO public.auth_permission VALUES (8, 'Can view permission', 2, 'view_permission');
INSERT INTO public.auth_permission VALUES (9, 'Can add group', 3, 'add_group');
INSERT INTO public.auth_permission VALUES (10, 'Can change group', 3, 'change_group');
INSERT INTO public.auth_permission VALUES (11, 'Can delete group', 3, 'delete_group');
INSERT INTO public.auth_permission VALUES (12, 'Can view group', 3, 'view_group');
INSERT INTO public.auth_permission VALUES (13, 'Can add content type', 4, 'add_contenttype');
INSERT INTO public.auth_permission VALUES (14, 'Can change content type', 4, 'change_contenttype');
INSERT INTO public.auth_permission VALUES (15, 'Can delete content type', 4, 'delete_contenttype');
INSERT INTO public.auth_permission VALUES (16, 'Can view content type', 4, 'view_contenttype');
INSERT INTO public.auth_permission VALUES (17, 'Can add session', 5, 'add_session');
INSERT INTO public.auth_permission VALUES (18, 'Can change session', 5, 'change_session');
INSERT INTO public.auth_permission VALUES (19, 'Can delete session', 5, 'delete_session');
INSERT INTO public.auth_permission VALUES (20, 'Can view session', 5, 'view_session');
INSERT INTO public.auth_permission VALUES (21, 'Can add Token', 6, 'add_token');
INSERT INTO public.auth_permission VALUES (22, 'Can change Token', 6, 'change_token');
INSERT INTO public.auth_permission VALUES (23, 'Can delete Token', 6, 'delete_token');
INSERT INTO public.auth_permission VALUES (24, 'Can view Token', 6, 'view_token');
INSERT INTO public.auth_permission VALUES (25, 'Can add Token', 7, 'add_tokenproxy');
INSERT INTO public.auth_permission VALUES (26, 'Can change Token', 7, 'change_tokenproxy');
INSERT INTO public.auth_permission VALUES (27, 'Can delete Token', 7, 'delete_tokenproxy');
INSERT INTO public.auth_permission VALUES (28, 'Can view Token', 7, 'view_tokenproxy');
INSERT INTO public.auth_permission VALUES (29, 'Can add user', 8, 'add_user');
INSERT INTO public.auth_permission VALUES (30, 'Can change user', 8, 'change_user');
INSERT INTO public.auth_permission VALUES (31, 'Can delete user', 8, 'delete_user');
INSERT INTO public.auth_permission VALUES (32, 'Can view user', 8, 'view_user');
INSERT INTO public.auth_permission VALUES (33, 'Can add group', 9, 'add_group');
INSERT INTO public.auth_permission VALUES (34, 'Can change group', 9, 'change_group');
INSERT INTO public.auth_permission VALUES (35, 'Can delete group', 9, 'delete_group');
INSERT INTO public.auth_permission VALUES (36, 'Can view group', 9, 'view_group');
INSERT INTO public.auth_permission VALUES (37, 'Can add candidate', 10, 'add_candidate');
INSERT INTO public.auth_permission VALUES (38, 'Can change candidate', 10, 'change_candidate');
INSERT INTO public.auth_permission VALUES (39, 'Can delete candidate', 10, 'delete_candidate');
INSERT INTO public.auth_permission VALUES (40, 'Can view candidate', 10, 'view_candidate');
INSERT INTO public.auth_permission VALUES (41, 'Can add image', 11, 'add_image');
INSERT INTO public.auth_permission VALUES (42, 'Can change image', 11, 'change_image');
INSERT INTO public.auth_permission VALUES (43, 'Can delete image', 11, 'delete_image');
INSERT INTO public.auth_permission VALUES (44, 'Can view image', 11, 'view_image');
INSERT INTO public.auth_permission VALUES (45, 'Can add cutout', 12, 'add_cutout');
INSERT INTO public.auth_permission VALUES (46, 'Can change cutout', 12, 'change_cutout');
INSERT INTO public.auth_permission VALUES (47, 'Can delete cutout', 12, 'delete_cutout');
INSERT INTO public.auth_permission VALUES (48, 'Can view cutout', 12, 'view_cutout');
INSERT INTO public.auth_permission VALUES (49, 'Can add measurement', 13, 'add_measurement');
INSERT INTO public.auth_permission VALUES (50, 'Can change measurement', 13, 'change_measurement');
INSERT INTO public.auth_permission VALUES (51, 'Can delete measurement', 13, 'delete_measurement');
INSERT INTO public.auth_permission VALUES (52, 'Can view measurement', 13, 'view_measurement');
INSERT INTO public.auth_permission VALUES (53, 'Can add filter stat', 14, 'add_filterstat');
INSERT INTO public.auth_permission VALUES (54, 'Can change filter stat', 14, 'change_filterstat');
INSERT INTO public.auth_permission VALUES (55, 'Can delete filter stat', 14, 'delete_filterstat');
INSERT INTO public.auth_permission VALUES (56, 'Can view filter stat', 14, 'view_filterstat');
INSERT INTO public.auth_permission VALUES (57, 'Can add ingest job', 15, 'add_ingestjob');
INSERT INTO public.auth_permission VALUES (58, 'Can change ingest job', 15, 'change_ingestjob');
INSERT INTO public.auth_permission VALUES (59, 'Can delete ingest job', 15, 'delete_ingestjob');
INSERT INTO public.auth_permission VALUES (60, 'Can view ingest job', 15, 'view_ingestjob');
INSERT INTO public.auth_permission VALUES (61, 'Can add ingest job member', 16, 'add_ingestjobmember');
INSERT INTO public.auth_permission VALUES (62, 'Can change ingest job member', 16, 'change_ingestjobmember');
INSERT INTO public.auth_permission VALUES (63, 'Can delete ingest job member', 16, 'delete_ingestjobmember');
INSERT INTO public.auth_permission VALUES (64, 'Can view ingest job member', 16, 'view_ingestjobmember');
INSERT INTO public.auth_permission VALUES (65, 'Can add campaign', 17, 'add_campaign');
INSERT INTO public.auth_permission VALUES (66, 'Can change campaign', 17, 'change_campaign');
INSERT INTO public.auth_permission VALUES (67, 'Can delete campaign', 17, 'delete_campaign');
INSERT INTO public.auth_permission VALUES (68, 'Can view campaign', 17, 'view_campaign');
INSERT INTO public.auth_permission VALUES (69, 'Can add campaign candidate', 18, 'add_campaigncandidate');
INSERT INTO public.auth_permission VALUES (70, 'Can change campaign candidate', 18, 'change_campaigncandidate');
INSERT INTO public.auth_permission VALUES (71, 'Can delete campaign candidate', 18, 'delete_campaigncandidate');
INSERT INTO public.auth_permission VALUES (72, 'Can view campaign candidate', 18, 'view_campaigncandidate');
INSERT INTO public.auth_permission VALUES (73, 'Can add adjudication', 19, 'add_adjudication');
INSERT INTO public.auth_permission VALUES (74, 'Can change adjudication', 19, 'change_adjudication');
INSERT INTO public.auth_permission VALUES (75, 'Can delete adjudication', 19, 'delete_adjudication');
INSERT INTO public.auth_permission VALUES (76, 'Can view adjudication', 19, 'view_adjudication');
INSERT INTO public.auth_permission VALUES (77, 'Can add image flag', 20, 'add_imageflag');
INSERT INTO public.auth_permission VALUES (78, 'Can change image flag', 20, 'change_imageflag');
INSERT INTO public.auth_permission VALUES (79, 'Can delete image flag', 20, 'delete_imageflag');
INSERT INTO public.auth_permission VALUES (80, 'Can view image flag', 20, 'view_imageflag');
INSERT INTO public.auth_permission VALUES (81, 'Can add label', 21, 'add_label');
INSERT INTO public.auth_permission VALUES (82, 'Can change label', 21, 'change_label');
INSERT INTO public.auth_permission VALUES (83, 'Can delete label', 21, 'delete_label');
INSERT INTO public.auth_permission VALUES (84, 'Can view label', 21, 'view_label');
INSERT INTO public.auth_permission VALUES (85, 'Can add label event', 22, 'add_labelevent');
INSERT INTO public.auth_permission VALUES (86, 'Can change label event', 22, 'change_labelevent');
INSERT INTO public.auth_permission VALUES (87, 'Can delete label event', 22, 'delete_labelevent');
INSERT INTO public.auth_permission VALUES (88, 'Can view label event', 22, 'view_labelevent');
INSERT INTO public.auth_permission VALUES (89, 'Can add lease', 23, 'add_lease');
INSERT INTO public.auth_permission VALUES (90, 'Can change lease', 23, 'change_lease');
INSERT INTO public.auth_permission VALUES (91, 'Can delete lease', 23, 'delete_lease');
INSERT INTO public.auth_permission VALUES (92, 'Can view lease', 23, 'view_lease');
INSERT INTO public.auth_permission VALUES (93, 'Can add mad fine edge', 24, 'add_madfineedge');
INSERT INTO public.auth_permission VALUES (94, 'Can change mad fine edge', 24, 'change_madfineedge');
INSERT INTO public.auth_permission VALUES (95, 'Can delete mad fine edge', 24, 'delete_madfineedge');
INSERT INTO public.auth_permission VALUES (96, 'Can view mad fine edge', 24, 'view_madfineedge');
INSERT INTO public.auth_permission VALUES (97, 'Can add mad cell', 25, 'add_madcell');
INSERT INTO public.auth_permission VALUES (98, 'Can change mad cell', 25, 'change_madcell');
INSERT INTO public.auth_permission VALUES (99, 'Can delete mad cell', 25, 'delete_madcell');
INSERT INTO public.auth_permission VALUES (100, 'Can view mad cell', 25, 'view_madcell');


--
-- Data for Name: authtoken_token; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.authtoken_token VALUES ('8e983e9ef01b3e3aab5c73554a91ef572bba101c', '2026-12-02 06:55:53.939716+00', 2);


--
-- Data for Name: catalog_candidate; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.catalog_candidate VALUES (1000101, -5, 187.7, 12.39, 2, 1, 2, NULL, 0.2209817079813874, false, false, true, '2026-12-02 06:55:53.973113+00', 69810);
INSERT INTO public.catalog_candidate VALUES (1000102, -6, 187.70069999999998, 12.3903, 1, 0, 1, NULL, 0.22679387945951213, false, false, true, '2026-12-02 06:55:54.401955+00', 69810);
INSERT INTO public.catalog_candidate VALUES (1000104, -5, 187.7021, 12.3909, 2, 4, 2, NULL, 0.30456325058075073, false, false, true, '2026-12-02 06:55:54.579558+00', 69810);
INSERT INTO public.catalog_candidate VALUES (1000105, -6, 187.7028, 12.391200000000001, 1, 0, 1, NULL, 0.32562959829256855, false, false, true, '2026-12-02 06:55:54.727748+00', 69810);
INSERT INTO public.catalog_candidate VALUES (1000107, -5, 187.7042, 12.3918, 0, 0, 1, NULL, 0.023093777958624884, false, false, true, '2026-12-02 06:55:54.875477+00', 69810);
INSERT INTO public.catalog_candidate VALUES (1000108, -6, 187.70489999999998, 12.392100000000001, 0, 0, 1, NULL, 0.00767084821882591, false, false, true, '2026-12-02 06:55:54.929906+00', 69810);
INSERT INTO public.catalog_candidate VALUES (1000201, -7, 187.70559999999998, 12.3924, 1, 1, 1, NULL, 0.4568090407236358, false, false, true, '2026-12-02 06:55:54.999573+00', 69811);
INSERT INTO public.catalog_candidate VALUES (1000205, -5, 187.70839999999998, 12.393600000000001, 0, 0, 1, NULL, 0.008822577631827144, false, false, true, '2026-12-02 06:55:55.705803+00', 69811);
INSERT INTO public.catalog_candidate VALUES (1000103, -7, 187.70139999999998, 12.390600000000001, 1, 2, 1, 2, 0.27739775388438304, false, false, true, '2026-12-02 06:55:56.401506+00', 69810);
INSERT INTO public.catalog_candidate VALUES (1000202, -5, 187.7063, 12.392700000000001, 1, 0, 1, 1, 0.49076959452207447, false, false, true, '2026-12-02 06:55:57.18444+00', 69811);
INSERT INTO public.catalog_candidate VALUES (1000203, -6, 187.707, 12.393, 2, 0, 2, NULL, 0.544682349136707, false, false, true, '2026-12-02 06:55:57.353024+00', 69811);
INSERT INTO public.catalog_candidate VALUES (1000106, -7, 187.7035, 12.3915, 1, 0, 1, 4, 0.3766348824784984, false, false, true, '2026-12-02 06:55:57.633192+00', 69810);
INSERT INTO public.catalog_candidate VALUES (1000204, -7, 187.7077, 12.3933, 1, 2, 1, 2, 0.5582137671938074, false, false, true, '2026-12-02 06:55:57.807395+00', 69811);


--
-- Data for Name: catalog_cutout; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.catalog_cutout VALUES (1, 19, 1, 'cutouts/2026/11/1000101_hst_10543_01_19.jpg', 'ok', '', 1, '2026-12-02 06:55:55.780221+00', 1000101, 'hst_10543_01_acs_wfc_f814w');
INSERT INTO public.catalog_cutout VALUES (2, 101, 0.5, '', 'pending', '', 0, NULL, 1000101, 'hst_10543_01_acs_wfc_f814w');
INSERT INTO public.catalog_cutout VALUES (3, 19, 1, '', 'missing', 'fitscut answered 404', 3, NULL, 1000102, 'hst_10543_01_acs_wfc_f814w');


--
-- Data for Name: catalog_filterstat; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.catalog_filterstat VALUES (2, 'ACS_F475W', 1, 'AAAAA', 10, 21.492137806285402, 21.482137806285397, 0.19406282488761128, 112.50177292676854, 0.05, NULL, NULL, NULL, false, 1000101);
INSERT INTO public.catalog_filterstat VALUES (6, 'ACS_F475W', 1, 'AAAAA', 10, 21.80245754103896, 21.792457541038964, 0.30456325058075073, 250.69476135341014, 0.05, NULL, NULL, NULL, false, 1000104);
INSERT INTO public.catalog_filterstat VALUES (11, 'ACS_F814W', 1, 'AAAAA', 10, 22.31867566430882, 22.308675664308822, 0.4568090407236358, 607.3095657233905, 0.05, NULL, NULL, NULL, false, 1000201);
INSERT INTO public.catalog_filterstat VALUES (12, 'ACS_F814W', 1, 'AAAAA', 10, 22.40703613222251, 22.397036132222507, 0.49076959452207447, 705.3804768820287, 0.05, NULL, NULL, NULL, false, 1000202);
INSERT INTO public.catalog_filterstat VALUES (13, 'ACS_F814W', 1, 'AAAAA', 10, 22.50669906291733, 22.496699062917326, 0.5417984637427402, 818.0304635493535, 0.05, NULL, NULL, NULL, false, 1000203);
INSERT INTO public.catalog_filterstat VALUES (14, 'ACS_F475W', 1, 'AAAAA', 10, 22.511620645736873, 22.50162064573687, 0.544682349136707, 823.6336669354565, 0.05, NULL, NULL, NULL, false, 1000203);
INSERT INTO public.catalog_filterstat VALUES (15, 'ACS_F814W', 1, 'AAAAA', 10, 22.602984985336906, 22.59298498533691, 0.5582137671938074, 887.5878778366201, 0.05, NULL, NULL, NULL, false, 1000204);
INSERT INTO public.catalog_filterstat VALUES (16, 'ACS_F814W', 0, 'CCCCC', 10, 22.69983822567729, 22.68983822567729, 0.008822577631827144, 2.0271808318270628, 0.05, NULL, NULL, NULL, false, 1000205);
INSERT INTO public.catalog_filterstat VALUES (4, 'ACS_F814W', 1, 'AAAAA', 10, 21.70006261544213, 21.690062615442127, 0.27739775388438304, 214.32479356191914, 0.05, 0.22203286565962088, 220.2386791502165, 9, false, 1000103);
INSERT INTO public.catalog_filterstat VALUES (5, 'ACS_F814W', 1, 'AAAAA', 10, 21.79771547843474, 21.78771547843474, 0.29023965907183147, 247.61674910942324, 0.05, 0.2354912166452472, 250.87642725739752, 9, false, 1000104);
INSERT INTO public.catalog_filterstat VALUES (7, 'ACS_F814W', 1, 'AAAAA', 10, 21.918701133429586, 21.908701133429584, 0.32562959829256855, 312.2203941111258, 0.05, 0.275466115157851, 320.6328551352624, 9, false, 1000105);
INSERT INTO public.catalog_filterstat VALUES (8, 'ACS_F814W', 1, 'AAAAA', 10, 22.001938348174768, 21.991938348174763, 0.3766348824784984, 412.1238998591533, 0.05, 0.2890039287146813, 424.50142424749765, 9, false, 1000106);
INSERT INTO public.catalog_filterstat VALUES (9, 'ACS_F814W', 0, 'CCCCC', 10, 22.098687686590925, 22.088687686590927, 0.023093777958624884, 1.9059185723145662, 0.05, 0.02518795063716439, 2.125316084599307, 9, false, 1000107);
INSERT INTO public.catalog_filterstat VALUES (10, 'ACS_F814W', 0, 'CCCCC', 10, 22.202852073975084, 22.19285207397508, 0.00767084821882591, 0.592317554424099, 0.05, 0.011503646594093198, 0.6503363855286226, 9, false, 1000108);
INSERT INTO public.catalog_filterstat VALUES (1, 'ACS_F814W', 1, 'AAAAA', 10, 21.494316529018704, 21.484316529018702, 0.2209817079813874, 126.97748963279878, 0.05, 0.1504632010093232, 116.97923870207295, 8, false, 1000101);
INSERT INTO public.catalog_filterstat VALUES (3, 'ACS_F814W', 1, 'AAAAA', 10, 21.609537766572537, 21.59953776657254, 0.22679387945951213, 164.2076659984722, 0.05, 0.22112645435019473, 169.29577635609897, 9, false, 1000102);


--
-- Data for Name: catalog_group; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.catalog_group VALUES (69810, 'M 87');
INSERT INTO public.catalog_group VALUES (69811, 'NGC 4000');


--
-- Data for Name: catalog_image; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.catalog_image VALUES ('hst_10543_01_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10543, '01', 53700.08050029237, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_02_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10543, '02', 53702.580794078975, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_04_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10543, '04', 53707.52858013801, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_06_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10543, '06', 53712.53833688808, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_07_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10543, '07', 53715.04084732054, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_08_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10543, '08', 53717.50452751939, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_09_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10543, '09', 53720.004875771076, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_10_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10543, '10', 53722.59991761151, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_01_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10543, '01', 53700.05555961169, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_02_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10543, '02', 53702.52714516045, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_03_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10543, '03', 53705.08796511733, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_04_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10543, '04', 53707.50642144373, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_05_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10543, '05', 53710.067918153305, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_06_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10543, '06', 53712.587008850234, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_07_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10543, '07', 53715.022731852514, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_08_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10543, '08', 53717.58954482394, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_09_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10543, '09', 53720.087219546804, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_10_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10543, '10', 53722.50185172177, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_01_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10775, '01', 53700.00927791686, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_02_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10775, '02', 53702.59353742927, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_03_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10775, '03', 53705.036513399806, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_04_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10775, '04', 53707.517583767316, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_05_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10775, '05', 53710.00000013601, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_06_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10775, '06', 53712.50604275084, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_07_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10775, '07', 53715.02146514582, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_08_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10775, '08', 53717.541765365255, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_09_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10775, '09', 53720.06015702312, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_10_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10775, '10', 53722.59810306174, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_01_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10775, '01', 53700.074119456025, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_02_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10775, '02', 53702.57133279179, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_03_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10775, '03', 53705.018981484514, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_04_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10775, '04', 53707.53322775994, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_05_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10775, '05', 53710.04252674915, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_06_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10775, '06', 53712.5386285254, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_07_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10775, '07', 53715.06821418587, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_08_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10775, '08', 53717.57883534308, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_09_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10775, '09', 53720.03354302277, false);
INSERT INTO public.catalog_image VALUES ('hst_10775_10_acs_wfc_f475w', 'acs', 'wfc', 'f475w', 10775, '10', 53722.54412165418, false);
INSERT INTO public.catalog_image VALUES ('hst_10543_03_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10543, '03', 53705.05153255611, true);
INSERT INTO public.catalog_image VALUES ('hst_10543_05_acs_wfc_f814w', 'acs', 'wfc', 'f814w', 10543, '05', 53710.00539307024, false);


--
-- Data for Name: catalog_measurement; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.catalog_measurement VALUES (1, 'ACS_F814W', 53700.08050029237, 21.630921317411246, 21.620921317411245, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_01_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (2, 'ACS_F814W', 53702.580794078975, 21.216722111031366, 21.206722111031365, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_02_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (4, 'ACS_F814W', 53707.52858013801, 21.74890269716934, 21.738902697169337, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_04_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (6, 'ACS_F814W', 53712.53833688808, 21.292645031354294, 21.282645031354292, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_06_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (8, 'ACS_F814W', 53717.50452751939, 21.59166969037148, 21.581669690371477, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_08_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (9, 'ACS_F814W', 53720.004875771076, 21.774614712632033, 21.76461471263203, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_09_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (10, 'ACS_F814W', 53722.59991761151, 21.416349867390082, 21.40634986739008, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_10_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (11, 'ACS_F475W', 53700.05555961169, 21.603661820791004, 21.593661820791002, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_01_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (12, 'ACS_F475W', 53702.52714516045, 21.246728987637496, 21.236728987637495, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_02_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (13, 'ACS_F475W', 53705.08796511733, 21.323103068646475, 21.313103068646473, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_03_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (14, 'ACS_F475W', 53707.50642144373, 21.708095779990256, 21.698095779990254, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_04_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (15, 'ACS_F475W', 53710.067918153305, 21.702377977492375, 21.692377977492374, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_05_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (16, 'ACS_F475W', 53712.587008850234, 21.312412679753805, 21.302412679753804, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_06_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (17, 'ACS_F475W', 53715.022731852514, 21.21548791030671, 21.205487910306708, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_07_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (18, 'ACS_F475W', 53717.58954482394, 21.601538899229773, 21.59153889922977, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_08_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (19, 'ACS_F475W', 53720.087219546804, 21.78716173052849, 21.777161730528487, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_09_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (20, 'ACS_F475W', 53722.50185172177, 21.420809208477632, 21.41080920847763, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_10_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (21, 'ACS_F814W', 53700.04485441007, 21.77225049858075, 21.762250498580748, 0.02, 1.1, 2.9, false, '', '', NULL, 1000102, 'hst_10543_01_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (22, 'ACS_F814W', 53702.5798939491, 21.274751833282654, 21.264751833282652, 0.02, 1.1, 2.9, false, '', '', NULL, 1000102, 'hst_10543_02_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (24, 'ACS_F814W', 53707.531978465435, 21.83155609017141, 21.82155609017141, 0.02, 1.1, 2.9, false, '', '', NULL, 1000102, 'hst_10543_04_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (26, 'ACS_F814W', 53712.55070681389, 21.379615874732924, 21.369615874732922, 0.02, 1.1, 2.9, false, '', '', NULL, 1000102, 'hst_10543_06_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (27, 'ACS_F814W', 53715.05063850014, 21.325324452862414, 21.315324452862413, 0.02, 1.1, 2.9, false, '', '', NULL, 1000102, 'hst_10543_07_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (29, 'ACS_F814W', 53720.001453628036, 21.98390479522529, 21.973904795225288, 0.02, 1.1, 2.9, false, '', '', NULL, 1000102, 'hst_10543_09_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (30, 'ACS_F814W', 53722.59332239002, 21.527949963772787, 21.517949963772786, 0.02, 1.1, 2.9, false, '', '', NULL, 1000102, 'hst_10543_10_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (31, 'ACS_F814W', 53700.06842052124, 21.86681823031956, 21.856818230319558, 0.02, 1.1, 2.9, false, '', '', NULL, 1000103, 'hst_10543_01_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (32, 'ACS_F814W', 53702.546382436005, 21.364206745865197, 21.354206745865195, 0.02, 1.1, 2.9, false, '', '', NULL, 1000103, 'hst_10543_02_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (34, 'ACS_F814W', 53707.564094014146, 21.977612909649462, 21.96761290964946, 0.02, 1.1, 2.9, false, '', '', NULL, 1000103, 'hst_10543_04_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (36, 'ACS_F814W', 53712.56922222747, 21.437843660308094, 21.427843660308092, 0.02, 1.1, 2.9, false, '', '', NULL, 1000103, 'hst_10543_06_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (37, 'ACS_F814W', 53715.06353867999, 21.330468405327544, 21.320468405327542, 0.02, 1.1, 2.9, false, '', '', NULL, 1000103, 'hst_10543_07_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (38, 'ACS_F814W', 53717.53765125256, 21.83476539231661, 21.824765392316607, 0.02, 1.1, 2.9, false, '', '', NULL, 1000103, 'hst_10543_08_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (39, 'ACS_F814W', 53720.07985233458, 22.096804626137704, 22.086804626137702, 0.02, 1.1, 2.9, false, '', '', NULL, 1000103, 'hst_10543_09_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (40, 'ACS_F814W', 53722.5194025476, 21.612732526656988, 21.602732526656986, 0.02, 1.1, 2.9, false, '', '', NULL, 1000103, 'hst_10543_10_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (41, 'ACS_F814W', 53700.07128902626, 21.989329058310602, 21.9793290583106, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_01_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (42, 'ACS_F814W', 53702.584762438026, 21.438327140436368, 21.428327140436366, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_02_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (44, 'ACS_F814W', 53707.55532500398, 22.105017683344965, 22.095017683344963, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_04_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (46, 'ACS_F814W', 53712.59585229998, 21.524538365201302, 21.5145383652013, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_06_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (47, 'ACS_F814W', 53715.03172778403, 21.400082268627724, 21.390082268627722, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_07_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (48, 'ACS_F814W', 53717.540208452694, 21.986388832842092, 21.97638883284209, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_08_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (49, 'ACS_F814W', 53720.00009197891, 22.22188004948734, 22.211880049487338, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_09_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (50, 'ACS_F814W', 53722.54201845347, 21.69450771298176, 21.68450771298176, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_10_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (51, 'ACS_F475W', 53700.08580389312, 21.9680945117352, 21.958094511735197, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_01_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (52, 'ACS_F475W', 53702.582879807094, 21.429944466728294, 21.419944466728293, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_02_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (53, 'ACS_F475W', 53705.013978929856, 21.52054590876326, 21.51054590876326, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_03_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (54, 'ACS_F475W', 53707.55271064766, 22.11742891024527, 22.107428910245268, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_04_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (55, 'ACS_F475W', 53710.02581414969, 22.129672409924762, 22.11967240992476, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_05_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (56, 'ACS_F475W', 53712.54917757, 21.518721901440276, 21.508721901440275, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_06_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (57, 'ACS_F475W', 53715.05532060059, 21.41117285241857, 21.40117285241857, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_07_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (58, 'ACS_F475W', 53717.51062620512, 21.995267720220465, 21.985267720220463, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_08_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (59, 'ACS_F475W', 53720.08643755631, 22.21756728001839, 22.207567280018388, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_09_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (60, 'ACS_F475W', 53722.5278696319, 21.71615944889514, 21.70615944889514, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_10_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (61, 'ACS_F814W', 53700.085875490244, 22.122116992555206, 22.112116992555205, 0.02, 1.1, 2.9, false, '', '', NULL, 1000105, 'hst_10543_01_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (62, 'ACS_F814W', 53702.533729750576, 21.482092600968173, 21.47209260096817, 0.02, 1.1, 2.9, false, '', '', NULL, 1000105, 'hst_10543_02_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (64, 'ACS_F814W', 53707.53989872531, 22.273023545276807, 22.263023545276805, 0.02, 1.1, 2.9, false, '', '', NULL, 1000105, 'hst_10543_04_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (66, 'ACS_F814W', 53712.573746698275, 21.640226354900904, 21.630226354900902, 0.02, 1.1, 2.9, false, '', '', NULL, 1000105, 'hst_10543_06_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (67, 'ACS_F814W', 53715.05013572044, 21.478603954477947, 21.468603954477945, 0.02, 1.1, 2.9, false, '', '', NULL, 1000105, 'hst_10543_07_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (68, 'ACS_F814W', 53717.56907757712, 22.111540903428992, 22.10154090342899, 0.02, 1.1, 2.9, false, '', '', NULL, 1000105, 'hst_10543_08_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (69, 'ACS_F814W', 53720.06973134824, 22.387007018586843, 22.37700701858684, 0.02, 1.1, 2.9, false, '', '', NULL, 1000105, 'hst_10543_09_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (70, 'ACS_F814W', 53722.500571268996, 21.78698097478583, 21.77698097478583, 0.02, 1.1, 2.9, false, '', '', NULL, 1000105, 'hst_10543_10_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (71, 'ACS_F814W', 53700.04167417331, 22.242018056830826, 22.232018056830825, 0.02, 1.1, 2.9, false, '', '', NULL, 1000106, 'hst_10543_01_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (72, 'ACS_F814W', 53702.56803417831, 21.491706370362124, 21.481706370362122, 0.02, 1.1, 2.9, false, '', '', NULL, 1000106, 'hst_10543_02_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (74, 'ACS_F814W', 53707.59409580823, 22.401820490813286, 22.391820490813284, 0.02, 1.1, 2.9, false, '', '', NULL, 1000106, 'hst_10543_04_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (76, 'ACS_F814W', 53712.570677420445, 21.659022048340876, 21.649022048340875, 0.02, 1.1, 2.9, false, '', '', NULL, 1000106, 'hst_10543_06_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (77, 'ACS_F814W', 53715.034163401, 21.515134784106742, 21.50513478410674, 0.02, 1.1, 2.9, false, '', '', NULL, 1000106, 'hst_10543_07_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (78, 'ACS_F814W', 53717.58240017986, 22.22822014426535, 22.21822014426535, 0.02, 1.1, 2.9, false, '', '', NULL, 1000106, 'hst_10543_08_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (79, 'ACS_F814W', 53720.023064890374, 22.51722407298003, 22.50722407298003, 0.02, 1.1, 2.9, false, '', '', NULL, 1000106, 'hst_10543_09_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (80, 'ACS_F814W', 53722.58710137119, 21.850275994935398, 21.840275994935396, 0.02, 1.1, 2.9, false, '', '', NULL, 1000106, 'hst_10543_10_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (81, 'ACS_F814W', 53700.00201226179, 22.127526324170148, 22.117526324170147, 0.02, 1.1, 2.9, false, '', '', NULL, 1000107, 'hst_10543_01_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (82, 'ACS_F814W', 53702.55568838107, 22.063432675638403, 22.0534326756384, 0.02, 1.1, 2.9, false, '', '', NULL, 1000107, 'hst_10543_02_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (84, 'ACS_F814W', 53707.55979971375, 22.141561181917716, 22.131561181917714, 0.02, 1.1, 2.9, false, '', '', NULL, 1000107, 'hst_10543_04_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (86, 'ACS_F814W', 53712.55247406088, 22.07737136030565, 22.06737136030565, 0.02, 1.1, 2.9, false, '', '', NULL, 1000107, 'hst_10543_06_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (87, 'ACS_F814W', 53715.056303822035, 22.074922339722406, 22.064922339722404, 0.02, 1.1, 2.9, false, '', '', NULL, 1000107, 'hst_10543_07_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (88, 'ACS_F814W', 53717.54917838796, 22.121109895639655, 22.111109895639654, 0.02, 1.1, 2.9, false, '', '', NULL, 1000107, 'hst_10543_08_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (89, 'ACS_F814W', 53720.06152069989, 22.116514217662548, 22.106514217662546, 0.02, 1.1, 2.9, false, '', '', NULL, 1000107, 'hst_10543_09_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (90, 'ACS_F814W', 53722.5248127215, 22.091326267025384, 22.081326267025382, 0.02, 1.1, 2.9, false, '', '', NULL, 1000107, 'hst_10543_10_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (91, 'ACS_F814W', 53700.00166768383, 22.218862465946888, 22.208862465946886, 0.02, 1.1, 2.9, false, '', '', NULL, 1000108, 'hst_10543_01_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (92, 'ACS_F814W', 53702.524674784116, 22.203683921209546, 22.193683921209544, 0.02, 1.1, 2.9, false, '', '', NULL, 1000108, 'hst_10543_02_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (94, 'ACS_F814W', 53707.51636941606, 22.19691287776912, 22.186912877769117, 0.02, 1.1, 2.9, false, '', '', NULL, 1000108, 'hst_10543_04_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (96, 'ACS_F814W', 53712.52493818904, 22.19361344493042, 22.18361344493042, 0.02, 1.1, 2.9, false, '', '', NULL, 1000108, 'hst_10543_06_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (97, 'ACS_F814W', 53715.006558293666, 22.219934901785933, 22.20993490178593, 0.02, 1.1, 2.9, false, '', '', NULL, 1000108, 'hst_10543_07_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (98, 'ACS_F814W', 53717.519248656245, 22.207521971053104, 22.197521971053103, 0.02, 1.1, 2.9, false, '', '', NULL, 1000108, 'hst_10543_08_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (99, 'ACS_F814W', 53720.067792634305, 22.192180274615453, 22.18218027461545, 0.02, 1.1, 2.9, false, '', '', NULL, 1000108, 'hst_10543_09_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (100, 'ACS_F814W', 53722.55016562048, 22.174742915078856, 22.164742915078854, 0.02, 1.1, 2.9, false, '', '', NULL, 1000108, 'hst_10543_10_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (101, 'ACS_F814W', 53700.00927791686, 22.615376322054153, 22.605376322054152, 0.02, 1.1, 2.9, false, '', '', NULL, 1000201, 'hst_10775_01_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (102, 'ACS_F814W', 53702.59353742927, 21.72932003607304, 21.71932003607304, 0.02, 1.1, 2.9, false, '', '', NULL, 1000201, 'hst_10775_02_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (103, 'ACS_F814W', 53705.036513399806, 21.906459128923547, 21.896459128923546, 0.02, 1.1, 2.9, false, '', '', NULL, 1000201, 'hst_10775_03_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (104, 'ACS_F814W', 53707.517583767316, 22.82007721037082, 22.810077210370817, 0.02, 1.1, 2.9, false, '', '', NULL, 1000201, 'hst_10775_04_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (105, 'ACS_F814W', 53710.00000013601, 22.84600893725234, 22.836008937252338, 0.02, 1.1, 2.9, false, '', '', NULL, 1000201, 'hst_10775_05_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (106, 'ACS_F814W', 53712.50604275084, 21.930715796179598, 21.920715796179596, 0.02, 1.1, 2.9, false, '', '', NULL, 1000201, 'hst_10775_06_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (107, 'ACS_F814W', 53715.02146514582, 21.684001836445894, 21.674001836445893, 0.02, 1.1, 2.9, false, '', '', NULL, 1000201, 'hst_10775_07_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (108, 'ACS_F814W', 53717.541765365255, 22.58037581497046, 22.570375814970458, 0.02, 1.1, 2.9, false, '', '', NULL, 1000201, 'hst_10775_08_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (109, 'ACS_F814W', 53720.06015702312, 22.94599608269232, 22.93599608269232, 0.02, 1.1, 2.9, false, '', '', NULL, 1000201, 'hst_10775_09_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (110, 'ACS_F814W', 53722.59810306174, 22.128425478126047, 22.118425478126046, 0.02, 1.1, 2.9, false, '', '', NULL, 1000201, 'hst_10775_10_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (111, 'ACS_F814W', 53700.05070158293, 22.677600310891698, 22.667600310891697, 0.02, 1.1, 2.9, false, '', '', NULL, 1000202, 'hst_10775_01_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (112, 'ACS_F814W', 53702.510442120576, 21.74656857826459, 21.73656857826459, 0.02, 1.1, 2.9, false, '', '', NULL, 1000202, 'hst_10775_02_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (113, 'ACS_F814W', 53705.07598020956, 21.97650425273424, 21.96650425273424, 0.02, 1.1, 2.9, false, '', '', NULL, 1000202, 'hst_10775_03_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (114, 'ACS_F814W', 53707.58229442452, 22.953213357346137, 22.943213357346135, 0.02, 1.1, 2.9, false, '', '', NULL, 1000202, 'hst_10775_04_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (115, 'ACS_F814W', 53710.048298485155, 22.94211918112795, 22.93211918112795, 0.02, 1.1, 2.9, false, '', '', NULL, 1000202, 'hst_10775_05_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (116, 'ACS_F814W', 53712.538801032846, 21.9605799920838, 21.9505799920838, 0.02, 1.1, 2.9, false, '', '', NULL, 1000202, 'hst_10775_06_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (117, 'ACS_F814W', 53715.09474916701, 21.74836521394025, 21.73836521394025, 0.02, 1.1, 2.9, false, '', '', NULL, 1000202, 'hst_10775_07_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (118, 'ACS_F814W', 53717.53743096357, 22.71517846800287, 22.705178468002867, 0.02, 1.1, 2.9, false, '', '', NULL, 1000202, 'hst_10775_08_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (119, 'ACS_F814W', 53720.08796188144, 23.115632978998956, 23.105632978998955, 0.02, 1.1, 2.9, false, '', '', NULL, 1000202, 'hst_10775_09_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (120, 'ACS_F814W', 53722.54185740525, 22.234598988834616, 22.224598988834614, 0.02, 1.1, 2.9, false, '', '', NULL, 1000202, 'hst_10775_10_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (121, 'ACS_F814W', 53700.09187073933, 22.842732753139895, 22.832732753139894, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_01_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (122, 'ACS_F814W', 53702.51336050712, 21.82905632000043, 21.819056320000428, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_02_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (123, 'ACS_F814W', 53705.037332821936, 21.993142052686533, 21.98314205268653, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_03_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (124, 'ACS_F814W', 53707.59507765882, 23.067219227719328, 23.057219227719326, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_04_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (125, 'ACS_F814W', 53710.01133558929, 23.11522269690009, 23.10522269690009, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_05_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (126, 'ACS_F814W', 53712.54098284901, 22.03162576941461, 22.02162576941461, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_06_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (127, 'ACS_F814W', 53715.0801113833, 21.80593332711689, 21.795933327116888, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_07_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (128, 'ACS_F814W', 53717.50190834612, 22.798763354080084, 22.788763354080082, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_08_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (129, 'ACS_F814W', 53720.00678240445, 23.271286267830952, 23.26128626783095, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_09_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (130, 'ACS_F814W', 53722.59299284855, 22.312008860284486, 22.302008860284484, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_10_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (131, 'ACS_F475W', 53700.074119456025, 22.82127609400913, 22.811276094009127, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_01_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (132, 'ACS_F475W', 53702.57133279179, 21.77722947038796, 21.76722947038796, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_02_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (133, 'ACS_F475W', 53705.018981484514, 22.02828394218746, 22.01828394218746, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_03_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (134, 'ACS_F475W', 53707.53322775994, 23.080270156393762, 23.07027015639376, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_04_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (135, 'ACS_F475W', 53710.04252674915, 23.117648640460875, 23.107648640460873, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_05_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (136, 'ACS_F475W', 53712.5386285254, 22.012675625608566, 22.002675625608564, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_06_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (137, 'ACS_F475W', 53715.06821418587, 21.84475255357253, 21.834752553572528, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_07_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (138, 'ACS_F475W', 53717.57883534308, 22.85326093054628, 22.84326093054628, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_08_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (139, 'ACS_F475W', 53720.03354302277, 23.259339257128975, 23.249339257128973, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_09_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (140, 'ACS_F475W', 53722.54412165418, 22.32146978707319, 22.31146978707319, 0.02, 1.1, 2.9, false, '', '', NULL, 1000203, 'hst_10775_10_acs_wfc_f475w', NULL);
INSERT INTO public.catalog_measurement VALUES (141, 'ACS_F814W', 53700.088682310015, 22.904602334739387, 22.894602334739385, 0.02, 1.1, 2.9, false, '', '', NULL, 1000204, 'hst_10775_01_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (142, 'ACS_F814W', 53702.54999310595, 21.88573625080647, 21.87573625080647, 0.02, 1.1, 2.9, false, '', '', NULL, 1000204, 'hst_10775_02_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (143, 'ACS_F814W', 53705.09598375673, 22.09760684030853, 22.087606840308528, 0.02, 1.1, 2.9, false, '', '', NULL, 1000204, 'hst_10775_03_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (144, 'ACS_F814W', 53707.51389423002, 23.2036763165609, 23.1936763165609, 0.02, 1.1, 2.9, false, '', '', NULL, 1000204, 'hst_10775_04_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (145, 'ACS_F814W', 53710.078315858525, 23.230699583162917, 23.220699583162915, 0.02, 1.1, 2.9, false, '', '', NULL, 1000204, 'hst_10775_05_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (146, 'ACS_F814W', 53712.54730159919, 22.087540848701597, 22.077540848701595, 0.02, 1.1, 2.9, false, '', '', NULL, 1000204, 'hst_10775_06_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (147, 'ACS_F814W', 53715.047385012855, 21.878623834268993, 21.86862383426899, 0.02, 1.1, 2.9, false, '', '', NULL, 1000204, 'hst_10775_07_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (148, 'ACS_F814W', 53717.58810753654, 22.949922068609673, 22.939922068609672, 0.02, 1.1, 2.9, false, '', '', NULL, 1000204, 'hst_10775_08_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (149, 'ACS_F814W', 53720.0130645066, 23.394468887552254, 23.384468887552252, 0.02, 1.1, 2.9, false, '', '', NULL, 1000204, 'hst_10775_09_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (150, 'ACS_F814W', 53722.551444716744, 22.396972888658354, 22.386972888658352, 0.02, 1.1, 2.9, false, '', '', NULL, 1000204, 'hst_10775_10_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (151, 'ACS_F814W', 53700.003497752296, 22.718415740753834, 22.708415740753832, 0.02, 1.1, 2.9, false, '', '', NULL, 1000205, 'hst_10775_01_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (152, 'ACS_F814W', 53702.50702310088, 22.701002660862525, 22.691002660862523, 0.02, 1.1, 2.9, false, '', '', NULL, 1000205, 'hst_10775_02_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (153, 'ACS_F814W', 53705.01577368338, 22.683617263335673, 22.67361726333567, 0.02, 1.1, 2.9, false, '', '', NULL, 1000205, 'hst_10775_03_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (154, 'ACS_F814W', 53707.5181855247, 22.733314089704653, 22.72331408970465, 0.02, 1.1, 2.9, false, '', '', NULL, 1000205, 'hst_10775_04_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (155, 'ACS_F814W', 53710.083844868714, 22.75650290917167, 22.746502909171667, 0.02, 1.1, 2.9, false, '', '', NULL, 1000205, 'hst_10775_05_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (156, 'ACS_F814W', 53712.52440519412, 22.68445408241373, 22.674454082413728, 0.02, 1.1, 2.9, false, '', '', NULL, 1000205, 'hst_10775_06_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (157, 'ACS_F814W', 53715.082542515716, 22.659849334951176, 22.649849334951174, 0.02, 1.1, 2.9, false, '', '', NULL, 1000205, 'hst_10775_07_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (158, 'ACS_F814W', 53717.500619190185, 22.686531781381525, 22.676531781381524, 0.02, 1.1, 2.9, false, '', '', NULL, 1000205, 'hst_10775_08_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (159, 'ACS_F814W', 53720.00578755184, 22.69133688859925, 22.681336888599247, 0.02, 1.1, 2.9, false, '', '', NULL, 1000205, 'hst_10775_09_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (160, 'ACS_F814W', 53722.50608919453, 22.68335750559887, 22.67335750559887, 0.02, 1.1, 2.9, false, '', '', NULL, 1000205, 'hst_10775_10_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (7, 'ACS_F814W', 53715.04084732054, 21.237199538292096, 21.227199538292094, 0.02, 1.1, 2.9, true, 'expert', 'cosmic ray hit', '2026-12-02 06:55:57.841148+00', 1000101, 'hst_10543_07_acs_wfc_f814w', 2);
INSERT INTO public.catalog_measurement VALUES (28, 'ACS_F814W', 53717.52361941284, 21.749076418122982, 21.73907641812298, 0.02, 1.1, 2.9, false, '', '', NULL, 1000102, 'hst_10543_08_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (3, 'ACS_F814W', 53705.05153255611, 21.299531877218033, 21.28953187721803, 0.02, 1.1, 2.9, true, 'image_flag', 'image flagged: guiding failure', '2026-12-02 06:55:58.069054+00', 1000101, 'hst_10543_03_acs_wfc_f814w', 1);
INSERT INTO public.catalog_measurement VALUES (23, 'ACS_F814W', 53705.02355164573, 21.398679990027578, 21.388679990027576, 0.02, 1.1, 2.9, true, 'image_flag', 'image flagged: guiding failure', '2026-12-02 06:55:58.069054+00', 1000102, 'hst_10543_03_acs_wfc_f814w', 1);
INSERT INTO public.catalog_measurement VALUES (33, 'ACS_F814W', 53705.02218885592, 21.454858750896737, 21.444858750896735, 0.02, 1.1, 2.9, true, 'image_flag', 'image flagged: guiding failure', '2026-12-02 06:55:58.069054+00', 1000103, 'hst_10543_03_acs_wfc_f814w', 1);
INSERT INTO public.catalog_measurement VALUES (43, 'ACS_F814W', 53705.0401225748, 21.515307694170165, 21.505307694170163, 0.02, 1.1, 2.9, true, 'image_flag', 'image flagged: guiding failure', '2026-12-02 06:55:58.069054+00', 1000104, 'hst_10543_03_acs_wfc_f814w', 1);
INSERT INTO public.catalog_measurement VALUES (63, 'ACS_F814W', 53705.07936545277, 21.62176434869167, 21.61176434869167, 0.02, 1.1, 2.9, true, 'image_flag', 'image flagged: guiding failure', '2026-12-02 06:55:58.069054+00', 1000105, 'hst_10543_03_acs_wfc_f814w', 1);
INSERT INTO public.catalog_measurement VALUES (73, 'ACS_F814W', 53705.07852739522, 21.66620432590287, 21.65620432590287, 0.02, 1.1, 2.9, true, 'image_flag', 'image flagged: guiding failure', '2026-12-02 06:55:58.069054+00', 1000106, 'hst_10543_03_acs_wfc_f814w', 1);
INSERT INTO public.catalog_measurement VALUES (83, 'ACS_F814W', 53705.04906371044, 22.10605422245612, 22.096054222456118, 0.02, 1.1, 2.9, true, 'image_flag', 'image flagged: guiding failure', '2026-12-02 06:55:58.069054+00', 1000107, 'hst_10543_03_acs_wfc_f814w', 1);
INSERT INTO public.catalog_measurement VALUES (93, 'ACS_F814W', 53705.08612625323, 22.19605942456475, 22.18605942456475, 0.02, 1.1, 2.9, true, 'image_flag', 'image flagged: guiding failure', '2026-12-02 06:55:58.069054+00', 1000108, 'hst_10543_03_acs_wfc_f814w', 1);
INSERT INTO public.catalog_measurement VALUES (5, 'ACS_F814W', 53710.00539307024, 21.73460844731707, 21.724608447317067, 0.02, 1.1, 2.9, false, '', '', NULL, 1000101, 'hst_10543_05_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (25, 'ACS_F814W', 53710.0799879526, 21.852267748946602, 21.8422677489466, 0.02, 1.1, 2.9, false, '', '', NULL, 1000102, 'hst_10543_05_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (35, 'ACS_F814W', 53710.010708949616, 22.024514906943384, 22.014514906943383, 0.02, 1.1, 2.9, false, '', '', NULL, 1000103, 'hst_10543_05_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (45, 'ACS_F814W', 53710.04794877517, 22.101775978945074, 22.091775978945073, 0.02, 1.1, 2.9, false, '', '', NULL, 1000104, 'hst_10543_05_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (65, 'ACS_F814W', 53710.05940538824, 22.283654640623496, 22.273654640623494, 0.02, 1.1, 2.9, false, '', '', NULL, 1000105, 'hst_10543_05_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (75, 'ACS_F814W', 53710.03757000415, 22.44775719321013, 22.43775719321013, 0.02, 1.1, 2.9, false, '', '', NULL, 1000106, 'hst_10543_05_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (85, 'ACS_F814W', 53710.072957862416, 22.067058381371226, 22.057058381371224, 0.02, 1.1, 2.9, false, '', '', NULL, 1000107, 'hst_10543_05_acs_wfc_f814w', NULL);
INSERT INTO public.catalog_measurement VALUES (95, 'ACS_F814W', 53710.06896226002, 22.225008542796736, 22.215008542796735, 0.02, 1.1, 2.9, false, '', '', NULL, 1000108, 'hst_10543_05_acs_wfc_f814w', NULL);


--
-- Data for Name: django_admin_log; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: django_content_type; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.django_content_type VALUES (1, 'admin', 'logentry');
INSERT INTO public.django_content_type VALUES (2, 'auth', 'permission');
INSERT INTO public.django_content_type VALUES (3, 'auth', 'group');
INSERT INTO public.django_content_type VALUES (4, 'contenttypes', 'contenttype');
INSERT INTO public.django_content_type VALUES (5, 'sessions', 'session');
INSERT INTO public.django_content_type VALUES (6, 'authtoken', 'token');
INSERT INTO public.django_content_type VALUES (7, 'authtoken', 'tokenproxy');
INSERT INTO public.django_content_type VALUES (8, 'accounts', 'user');
INSERT INTO public.django_content_type VALUES (9, 'catalog', 'group');
INSERT INTO public.django_content_type VALUES (10, 'catalog', 'candidate');
INSERT INTO public.django_content_type VALUES (11, 'catalog', 'image');
INSERT INTO public.django_content_type VALUES (12, 'catalog', 'cutout');
INSERT INTO public.django_content_type VALUES (13, 'catalog', 'measurement');
INSERT INTO public.django_content_type VALUES (14, 'catalog', 'filterstat');
INSERT INTO public.django_content_type VALUES (15, 'ingest', 'ingestjob');
INSERT INTO public.django_content_type VALUES (16, 'ingest', 'ingestjobmember');
INSERT INTO public.django_content_type VALUES (17, 'vetting', 'campaign');
INSERT INTO public.django_content_type VALUES (18, 'vetting', 'campaigncandidate');
INSERT INTO public.django_content_type VALUES (19, 'vetting', 'adjudication');
INSERT INTO public.django_content_type VALUES (20, 'vetting', 'imageflag');
INSERT INTO public.django_content_type VALUES (21, 'vetting', 'label');
INSERT INTO public.django_content_type VALUES (22, 'vetting', 'labelevent');
INSERT INTO public.django_content_type VALUES (23, 'vetting', 'lease');
INSERT INTO public.django_content_type VALUES (24, 'reports', 'madfineedge');
INSERT INTO public.django_content_type VALUES (25, 'reports', 'madcell');


--
-- Data for Name: django_migrations; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.django_migrations VALUES (1, 'contenttypes', '0001_initial', '2026-12-02 06:55:32.977678+00');
INSERT INTO public.django_migrations VALUES (2, 'contenttypes', '0002_remove_content_type_name', '2026-12-02 06:55:33.015238+00');
INSERT INTO public.django_migrations VALUES (3, 'auth', '0001_initial', '2026-12-02 06:55:33.203366+00');
INSERT INTO public.django_migrations VALUES (4, 'auth', '0002_alter_permission_name_max_length', '2026-12-02 06:55:33.227352+00');
INSERT INTO public.django_migrations VALUES (5, 'auth', '0003_alter_user_email_max_length', '2026-12-02 06:55:33.248283+00');
INSERT INTO public.django_migrations VALUES (6, 'auth', '0004_alter_user_username_opts', '2026-12-02 06:55:33.289483+00');
INSERT INTO public.django_migrations VALUES (7, 'auth', '0005_alter_user_last_login_null', '2026-12-02 06:55:33.328544+00');
INSERT INTO public.django_migrations VALUES (8, 'auth', '0006_require_contenttypes_0002', '2026-12-02 06:55:33.343367+00');
INSERT INTO public.django_migrations VALUES (9, 'auth', '0007_alter_validators_add_error_messages', '2026-12-02 06:55:33.382508+00');
INSERT INTO public.django_migrations VALUES (10, 'auth', '0008_alter_user_username_max_length', '2026-12-02 06:55:33.412716+00');
INSERT INTO public.django_migrations VALUES (11, 'auth', '0009_alter_user_last_name_max_length', '2026-12-02 06:55:33.439653+00');
INSERT INTO public.django_migrations VALUES (12, 'auth', '0010_alter_group_name_max_length', '2026-12-02 06:55:33.482714+00');
INSERT INTO public.django_migrations VALUES (13, 'auth', '0011_update_proxy_permissions', '2026-12-02 06:55:33.51689+00');
INSERT INTO public.django_migrations VALUES (14, 'auth', '0012_alter_user_first_name_max_length', '2026-12-02 06:55:33.549091+00');
INSERT INTO public.django_migrations VALUES (15, 'accounts', '0001_initial', '2026-12-02 06:55:33.731755+00');
INSERT INTO public.django_migrations VALUES (16, 'accounts', '0002_roles', '2026-12-02 06:55:33.783598+00');
INSERT INTO public.django_migrations VALUES (17, 'admin', '0001_initial', '2026-12-02 06:55:33.938642+00');
INSERT INTO public.django_migrations VALUES (18, 'admin', '0002_logentry_remove_auto_add', '2026-12-02 06:55:33.991935+00');
INSERT INTO public.django_migrations VALUES (19, 'admin', '0003_logentry_add_action_flag_choices', '2026-12-02 06:55:34.020705+00');
INSERT INTO public.django_migrations VALUES (20, 'authtoken', '0001_initial', '2026-12-02 06:55:34.067387+00');
INSERT INTO public.django_migrations VALUES (21, 'authtoken', '0002_auto_20160226_1747', '2026-12-02 06:55:34.146585+00');
INSERT INTO public.django_migrations VALUES (22, 'authtoken', '0003_tokenproxy', '2026-12-02 06:55:34.155677+00');
INSERT INTO public.django_migrations VALUES (23, 'authtoken', '0004_alter_tokenproxy_options', '2026-12-02 06:55:34.166461+00');
INSERT INTO public.django_migrations VALUES (24, 'catalog', '0001_initial', '2026-12-02 06:55:35.110219+00');
INSERT INTO public.django_migrations VALUES (25, 'ingest', '0001_initial', '2026-12-02 06:55:35.227155+00');
INSERT INTO public.django_migrations VALUES (26, 'ingest', '0002_lease_and_members', '2026-12-02 06:55:35.463403+00');
INSERT INTO public.django_migrations VALUES (27, 'vetting', '0001_initial', '2026-12-02 06:55:37.167346+00');
INSERT INTO public.django_migrations VALUES (28, 'vetting', '0002_leases_skips_undo', '2026-12-02 06:55:38.699514+00');
INSERT INTO public.django_migrations VALUES (29, 'vetting', '0003_queue_order_version', '2026-12-02 06:55:38.863378+00');
INSERT INTO public.django_migrations VALUES (30, 'reports', '0001_data_version', '2026-12-02 06:55:38.986209+00');
INSERT INTO public.django_migrations VALUES (31, 'reports', '0002_mad_cells', '2026-12-02 06:55:39.235352+00');
INSERT INTO public.django_migrations VALUES (32, 'sessions', '0001_initial', '2026-12-02 06:55:39.287343+00');


--
-- Data for Name: django_session; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: hcvvet_data_epoch; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.hcvvet_data_epoch VALUES ('6b7649504c2cf34f77c565d7d9344246');


--
-- Data for Name: ingest_ingestjob; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.ingest_ingestjob VALUES (1, 'M 87', 187.70583, 12.39111, 120, '["ACS_F814W", "ACS_F475W"]', 0, false, '[]', '[]', 'casjobs', true, 'succeeded', 'done', '', '{"summary": {"done": 8, "total": 8}}', '{"candidates": 8, "measurements": 100}', '{"summary": 1.25, "light_curves": 3.5}', '2026-12-02 06:55:55.875977+00', '2026-12-02 06:55:55.875432+00', '2026-12-02 06:55:55.875432+00', 1, NULL, NULL, '');
INSERT INTO public.ingest_ingestjob VALUES (2, '', NULL, NULL, NULL, '[]', 0, false, '[69811]', '[]', 'catalogs', false, 'failed', '', 'MAST answered 503 three times; try again later', '{}', '{}', '{}', '2026-12-02 06:55:55.951821+00', NULL, NULL, 1, 1, NULL, '');


--
-- Data for Name: ingest_ingestjobmember; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.ingest_ingestjobmember VALUES (1, true, 1000101, 1);
INSERT INTO public.ingest_ingestjobmember VALUES (2, true, 1000102, 1);
INSERT INTO public.ingest_ingestjobmember VALUES (3, true, 1000103, 1);
INSERT INTO public.ingest_ingestjobmember VALUES (4, true, 1000104, 1);
INSERT INTO public.ingest_ingestjobmember VALUES (5, true, 1000105, 1);
INSERT INTO public.ingest_ingestjobmember VALUES (6, true, 1000106, 1);
INSERT INTO public.ingest_ingestjobmember VALUES (7, true, 1000107, 1);
INSERT INTO public.ingest_ingestjobmember VALUES (8, true, 1000108, 1);


--
-- Data for Name: reports_madcell; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.reports_madcell VALUES (1, 2, 1, 0, 46, 1);
INSERT INTO public.reports_madcell VALUES (2, 2, 1, 0, 45, 1);
INSERT INTO public.reports_madcell VALUES (3, 1, 0, 0, 47, 1);
INSERT INTO public.reports_madcell VALUES (4, 1, 2, 0, 49, 1);
INSERT INTO public.reports_madcell VALUES (5, 2, 4, 0, 51, 1);
INSERT INTO public.reports_madcell VALUES (6, 2, 4, 0, 51, 1);
INSERT INTO public.reports_madcell VALUES (7, 1, 0, 0, 52, 1);
INSERT INTO public.reports_madcell VALUES (8, 1, 0, 0, 54, 1);
INSERT INTO public.reports_madcell VALUES (9, 1, 1, 0, 57, 1);
INSERT INTO public.reports_madcell VALUES (10, 1, 0, 0, 57, 1);
INSERT INTO public.reports_madcell VALUES (11, 2, 0, 0, 59, 1);
INSERT INTO public.reports_madcell VALUES (12, 2, 0, 0, 59, 1);
INSERT INTO public.reports_madcell VALUES (13, 1, 2, 0, 59, 1);
INSERT INTO public.reports_madcell VALUES (14, 1, 0, 0, 54, -1);
INSERT INTO public.reports_madcell VALUES (15, 1, 0, 1, 54, 1);
INSERT INTO public.reports_madcell VALUES (16, 1, 2, 0, 49, -1);
INSERT INTO public.reports_madcell VALUES (17, 1, 2, 2, 49, 1);
INSERT INTO public.reports_madcell VALUES (18, 1, 0, 0, 57, -1);
INSERT INTO public.reports_madcell VALUES (19, 1, 0, 1, 57, 1);
INSERT INTO public.reports_madcell VALUES (20, 1, 0, 1, 54, -1);
INSERT INTO public.reports_madcell VALUES (21, 1, 0, 4, 54, 1);
INSERT INTO public.reports_madcell VALUES (22, 1, 2, 0, 59, -1);
INSERT INTO public.reports_madcell VALUES (23, 1, 2, 2, 59, 1);


--
-- Data for Name: vetting_adjudication; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.vetting_adjudication VALUES (1, 2, 'majority, 2 votes', '[{"expert": "ada", "comment": "", "reasons": [], "expert_class": 2, "seconds_spent": 0.0}, {"expert": "eve", "comment": "", "reasons": ["blend", "cosmic_ray"], "expert_class": 4, "seconds_spent": 0.0}]', 'periodic; the blend is minor', '2026-12-02 06:55:56.393624+00', 1, 2);


--
-- Data for Name: vetting_campaign; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.vetting_campaign VALUES (1, 'M 87 blind', 'M 87, two votes each; gold 1000201.', '{"group_ids": [69810], "auto_class": [1, 2], "gold_match_ids": [1000201]}', 2, true, 'majority', 2, 'random', 7, 'active', false, '2026-12-02 06:55:55.995653+00', '2026-12-02 06:55:56.068692+00', 1, 0);
INSERT INTO public.vetting_campaign VALUES (2, 'NGC 4000 open', '', '{"filters": ["ACS_F814W"], "mad_min": 0.0, "match_ids": [1000201, 1000202, 1000203, 1000204], "gold_count": 1, "var_qual_flag": "A????"}', 3, false, 'first_k', 2, 'stratified', 11, 'active', false, '2026-12-02 06:55:56.995471+00', '2026-12-02 06:55:57.073125+00', 1, 0);
INSERT INTO public.vetting_campaign VALUES (3, 'Unanimous draft', '', '{"mag_max": 24.5, "mag_min": 20.0, "auto_class": [2], "hcv_expert_class": [0, 1]}', 1, true, 'unanimous', 2, 'disagreement', 0, 'draft', false, '2026-12-02 06:55:57.37645+00', NULL, 1, 0);
INSERT INTO public.vetting_campaign VALUES (4, 'Closed pilot', '', '{"match_ids": [1000105, 1000106]}', 1, true, 'majority', 2, 'mad', 0, 'closed', false, '2026-12-02 06:55:57.430257+00', '2026-12-02 06:55:57.511264+00', 1, 0);
INSERT INTO public.vetting_campaign VALUES (5, 'Default queue', 'Every AutoClass > 0 candidate, highest MAD first; new candidates join as ingested.', '{"live": true, "auto_class": [1, 2]}', 1, true, 'unanimous', 2, 'mad', 0, 'active', true, '2026-12-02 06:55:57.713395+00', '2026-12-02 06:55:57.711348+00', NULL, 0);


--
-- Data for Name: vetting_campaign_experts; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.vetting_campaign_experts VALUES (1, 1, 2);
INSERT INTO public.vetting_campaign_experts VALUES (2, 1, 3);
INSERT INTO public.vetting_campaign_experts VALUES (3, 1, 4);
INSERT INTO public.vetting_campaign_experts VALUES (4, 2, 1);
INSERT INTO public.vetting_campaign_experts VALUES (5, 2, 2);
INSERT INTO public.vetting_campaign_experts VALUES (6, 2, 3);
INSERT INTO public.vetting_campaign_experts VALUES (7, 2, 4);
INSERT INTO public.vetting_campaign_experts VALUES (8, 3, 2);
INSERT INTO public.vetting_campaign_experts VALUES (9, 4, 2);
INSERT INTO public.vetting_campaign_experts VALUES (10, 4, 3);


--
-- Data for Name: vetting_campaigncandidate; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.vetting_campaigncandidate VALUES (3, 2, false, NULL, 0, 'open', NULL, '', 1, 1000101, NULL);
INSERT INTO public.vetting_campaigncandidate VALUES (5, 4, false, NULL, 0, 'open', NULL, '', 1, 1000102, NULL);
INSERT INTO public.vetting_campaigncandidate VALUES (1, 0, false, NULL, 2, 'agreed', 1, '', 1, 1000106, '2026-12-02 06:55:56.25118+00');
INSERT INTO public.vetting_campaigncandidate VALUES (2, 1, false, NULL, 2, 'adjudicated', 2, '', 1, 1000103, '2026-12-02 06:55:56.399227+00');
INSERT INTO public.vetting_campaigncandidate VALUES (7, 6, false, NULL, 0, 'open', NULL, '', 1, 1000104, NULL);
INSERT INTO public.vetting_campaigncandidate VALUES (4, 3, false, NULL, 1, 'open', NULL, '', 1, 1000105, NULL);
INSERT INTO public.vetting_campaigncandidate VALUES (6, 5, true, 1, 1, 'open', NULL, '', 1, 1000201, NULL);
INSERT INTO public.vetting_campaigncandidate VALUES (8, 0, true, 2, 0, 'open', NULL, '', 2, 1000103, NULL);
INSERT INTO public.vetting_campaigncandidate VALUES (9, 1, false, NULL, 0, 'open', NULL, 'mad3-mag3', 2, 1000204, NULL);
INSERT INTO public.vetting_campaigncandidate VALUES (10, 2, false, NULL, 0, 'open', NULL, 'mad0-mag0', 2, 1000201, NULL);
INSERT INTO public.vetting_campaigncandidate VALUES (11, 3, false, NULL, 2, 'agreed', 1, 'mad1-mag1', 2, 1000202, '2026-12-02 06:55:57.179178+00');
INSERT INTO public.vetting_campaigncandidate VALUES (12, 4, false, NULL, 3, 'disputed', NULL, 'mad2-mag2', 2, 1000203, NULL);
INSERT INTO public.vetting_campaigncandidate VALUES (14, 1, false, NULL, 0, 'open', NULL, '', 4, 1000105, NULL);
INSERT INTO public.vetting_campaigncandidate VALUES (13, 0, false, NULL, 1, 'agreed', 4, '', 4, 1000106, '2026-12-02 06:55:57.616973+00');
INSERT INTO public.vetting_campaigncandidate VALUES (15, 0, false, NULL, 1, 'agreed', 2, '', 5, 1000204, '2026-12-02 06:55:57.795276+00');


--
-- Data for Name: vetting_imageflag; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.vetting_imageflag VALUES (1, 'guiding failure', '2026-12-02 06:55:58.131427+00', NULL, NULL, 1, 'hst_10543_03_acs_wfc_f814w', '[]');
INSERT INTO public.vetting_imageflag VALUES (2, 'looked trailed', '2026-12-02 06:55:58.219508+00', '2026-12-02 06:55:58.311199+00', 1, 1, 'hst_10543_05_acs_wfc_f814w', '[]');


--
-- Data for Name: vetting_label; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.vetting_label VALUES (1, 1, '[]', '', 12.5, '2026-12-02 06:55:56.18906+00', '2026-12-02 06:55:56.189071+00', 1, 1000106, 2, false);
INSERT INTO public.vetting_label VALUES (2, 1, '["other"]', 'clear', 0, '2026-12-02 06:55:56.23799+00', '2026-12-02 06:55:56.238001+00', 1, 1000106, 3, false);
INSERT INTO public.vetting_label VALUES (3, 2, '[]', '', 0, '2026-12-02 06:55:56.283611+00', '2026-12-02 06:55:56.283621+00', 1, 1000103, 2, false);
INSERT INTO public.vetting_label VALUES (4, 4, '["blend", "cosmic_ray"]', '', 0, '2026-12-02 06:55:56.320895+00', '2026-12-02 06:55:56.320906+00', 1, 1000103, 4, false);
INSERT INTO public.vetting_label VALUES (5, NULL, '[]', '', 0, '2026-12-02 06:55:56.448444+00', '2026-12-02 06:55:56.538008+00', 1, 1000104, 2, false);
INSERT INTO public.vetting_label VALUES (6, 2, '[]', '', 0, '2026-12-02 06:55:56.6033+00', '2026-12-02 06:55:56.76768+00', 1, 1000105, 3, false);
INSERT INTO public.vetting_label VALUES (7, NULL, '[]', '', 3, '2026-12-02 06:55:56.813644+00', '2026-12-02 06:55:56.813659+00', 1, 1000106, 4, true);
INSERT INTO public.vetting_label VALUES (8, 1, '[]', '', 0, '2026-12-02 06:55:56.867949+00', '2026-12-02 06:55:56.867963+00', 1, 1000201, 2, false);
INSERT INTO public.vetting_label VALUES (9, 1, '[]', '', 0, '2026-12-02 06:55:57.121414+00', '2026-12-02 06:55:57.121425+00', 2, 1000202, 2, false);
INSERT INTO public.vetting_label VALUES (10, 1, '[]', '', 0, '2026-12-02 06:55:57.171301+00', '2026-12-02 06:55:57.171317+00', 2, 1000202, 1, false);
INSERT INTO public.vetting_label VALUES (11, 2, '[]', '', 0, '2026-12-02 06:55:57.207435+00', '2026-12-02 06:55:57.207446+00', 2, 1000203, 3, false);
INSERT INTO public.vetting_label VALUES (12, 4, '[]', '', 0, '2026-12-02 06:55:57.256095+00', '2026-12-02 06:55:57.256107+00', 2, 1000203, 4, false);
INSERT INTO public.vetting_label VALUES (13, 1, '[]', '', 0, '2026-12-02 06:55:57.311715+00', '2026-12-02 06:55:57.311728+00', 2, 1000203, 2, false);
INSERT INTO public.vetting_label VALUES (14, 4, '["chip_edge"]', '', 0, '2026-12-02 06:55:57.585315+00', '2026-12-02 06:55:57.58533+00', 4, 1000106, 2, false);
INSERT INTO public.vetting_label VALUES (15, 2, '[]', '', 0, '2026-12-02 06:55:57.778046+00', '2026-12-02 06:55:57.778062+00', 5, 1000204, 4, false);


--
-- Data for Name: vetting_labelevent; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.vetting_labelevent VALUES (1, 'campaign', NULL, '{"name": "M 87 blind", "rule": "majority", "blind": true, "order": "random", "state": "draft", "rule_k": 2, "experts": ["ada", "bob", "eve"], "selection": {"group_ids": [69810], "auto_class": [1, 2], "gold_match_ids": [1000201]}, "votes_needed": 2}', '2026-12-02 06:55:56.011503+00', 1, 1, NULL, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (2, 'campaign', '{"name": "M 87 blind", "rule": "majority", "blind": true, "order": "random", "state": "draft", "rule_k": 2, "experts": ["ada", "bob", "eve"], "selection": {"group_ids": [69810], "auto_class": [1, 2], "gold_match_ids": [1000201]}, "votes_needed": 2}', '{"name": "M 87 blind", "rule": "majority", "blind": true, "items": 7, "order": "random", "state": "active", "rule_k": 2, "experts": ["ada", "bob", "eve"], "selection": {"group_ids": [69810], "auto_class": [1, 2], "gold_match_ids": [1000201]}, "votes_needed": 2}', '2026-12-02 06:55:56.08176+00', 1, 1, NULL, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (3, 'label', NULL, '{"comment": "", "reasons": [], "skipped": false, "expert_class": 1}', '2026-12-02 06:55:56.195503+00', 2, 1, 1000106, 1, NULL);
INSERT INTO public.vetting_labelevent VALUES (4, 'label', NULL, '{"comment": "clear", "reasons": ["other"], "skipped": false, "expert_class": 1}', '2026-12-02 06:55:56.243799+00', 3, 1, 1000106, 2, NULL);
INSERT INTO public.vetting_labelevent VALUES (5, 'label', NULL, '{"comment": "", "reasons": [], "skipped": false, "expert_class": 2}', '2026-12-02 06:55:56.284305+00', 2, 1, 1000103, 3, NULL);
INSERT INTO public.vetting_labelevent VALUES (6, 'label', NULL, '{"comment": "", "reasons": ["blend", "cosmic_ray"], "skipped": false, "expert_class": 4}', '2026-12-02 06:55:56.323394+00', 4, 1, 1000103, 4, NULL);
INSERT INTO public.vetting_labelevent VALUES (7, 'adjudicate', '{"votes": [{"expert": "ada", "comment": "", "reasons": [], "expert_class": 2, "seconds_spent": 0.0}, {"expert": "eve", "comment": "", "reasons": ["blend", "cosmic_ray"], "expert_class": 4, "seconds_spent": 0.0}], "consensus": "disputed"}', '{"note": "periodic; the blend is minor", "consensus": "adjudicated", "expert_class": 2}', '2026-12-02 06:55:56.40261+00', 1, 1, 1000103, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (8, 'label', NULL, '{"comment": "spike?", "reasons": [], "skipped": false, "expert_class": 4}', '2026-12-02 06:55:56.452882+00', 2, 1, 1000104, 5, NULL);
INSERT INTO public.vetting_labelevent VALUES (9, 'undo', '{"comment": "spike?", "reasons": [], "skipped": false, "expert_class": 4}', '{"comment": "", "reasons": [], "skipped": false, "expert_class": null}', '2026-12-02 06:55:56.542402+00', 2, 1, 1000104, 5, 8);
INSERT INTO public.vetting_labelevent VALUES (10, 'label', NULL, '{"comment": "", "reasons": [], "skipped": false, "expert_class": 2}', '2026-12-02 06:55:56.606576+00', 3, 1, 1000105, 6, NULL);
INSERT INTO public.vetting_labelevent VALUES (11, 'change', '{"comment": "", "reasons": [], "skipped": false, "expert_class": 2}', '{"comment": "", "reasons": ["other"], "skipped": false, "expert_class": 1}', '2026-12-02 06:55:56.683491+00', 3, 1, 1000105, 6, NULL);
INSERT INTO public.vetting_labelevent VALUES (12, 'undo', '{"comment": "", "reasons": ["other"], "skipped": false, "expert_class": 1}', '{"comment": "", "reasons": [], "skipped": false, "expert_class": 2}', '2026-12-02 06:55:56.768751+00', 3, 1, 1000105, 6, 11);
INSERT INTO public.vetting_labelevent VALUES (13, 'skip', NULL, '{"comment": "", "reasons": [], "skipped": true, "expert_class": null}', '2026-12-02 06:55:56.814752+00', 4, 1, 1000106, 7, NULL);
INSERT INTO public.vetting_labelevent VALUES (14, 'label', NULL, '{"comment": "", "reasons": [], "skipped": false, "expert_class": 1}', '2026-12-02 06:55:56.868781+00', 2, 1, 1000201, 8, NULL);
INSERT INTO public.vetting_labelevent VALUES (15, 'campaign', '{"name": "M 87 blind", "rule": "majority", "blind": true, "order": "random", "state": "active", "rule_k": 2, "experts": ["ada", "bob", "eve"], "selection": {"group_ids": [69810], "auto_class": [1, 2], "gold_match_ids": [1000201]}, "votes_needed": 2}', '{"name": "M 87 blind", "rule": "majority", "blind": true, "order": "random", "state": "active", "rule_k": 2, "experts": ["ada", "bob", "eve"], "selection": {"group_ids": [69810], "auto_class": [1, 2], "gold_match_ids": [1000201]}, "votes_needed": 2}', '2026-12-02 06:55:56.980877+00', 1, 1, NULL, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (16, 'campaign', NULL, '{"name": "NGC 4000 open", "rule": "first_k", "blind": false, "order": "stratified", "state": "draft", "rule_k": 2, "experts": ["ada", "bob", "cora", "eve"], "selection": {"filters": ["ACS_F814W"], "mad_min": 0.0, "match_ids": [1000201, 1000202, 1000203, 1000204], "gold_count": 1, "var_qual_flag": "A????"}, "votes_needed": 3}', '2026-12-02 06:55:57.019419+00', 1, 2, NULL, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (17, 'campaign', '{"name": "NGC 4000 open", "rule": "first_k", "blind": false, "order": "stratified", "state": "draft", "rule_k": 2, "experts": ["ada", "bob", "cora", "eve"], "selection": {"filters": ["ACS_F814W"], "mad_min": 0.0, "match_ids": [1000201, 1000202, 1000203, 1000204], "gold_count": 1, "var_qual_flag": "A????"}, "votes_needed": 3}', '{"name": "NGC 4000 open", "rule": "first_k", "blind": false, "items": 5, "order": "stratified", "state": "active", "rule_k": 2, "experts": ["ada", "bob", "cora", "eve"], "selection": {"filters": ["ACS_F814W"], "mad_min": 0.0, "match_ids": [1000201, 1000202, 1000203, 1000204], "gold_count": 1, "var_qual_flag": "A????"}, "votes_needed": 3}', '2026-12-02 06:55:57.089204+00', 1, 2, NULL, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (18, 'label', NULL, '{"comment": "", "reasons": [], "skipped": false, "expert_class": 1}', '2026-12-02 06:55:57.122292+00', 2, 2, 1000202, 9, NULL);
INSERT INTO public.vetting_labelevent VALUES (19, 'label', NULL, '{"comment": "", "reasons": [], "skipped": false, "expert_class": 1}', '2026-12-02 06:55:57.172329+00', 1, 2, 1000202, 10, NULL);
INSERT INTO public.vetting_labelevent VALUES (20, 'label', NULL, '{"comment": "", "reasons": [], "skipped": false, "expert_class": 2}', '2026-12-02 06:55:57.211399+00', 3, 2, 1000203, 11, NULL);
INSERT INTO public.vetting_labelevent VALUES (21, 'label', NULL, '{"comment": "", "reasons": [], "skipped": false, "expert_class": 4}', '2026-12-02 06:55:57.256943+00', 4, 2, 1000203, 12, NULL);
INSERT INTO public.vetting_labelevent VALUES (22, 'label', NULL, '{"comment": "", "reasons": [], "skipped": false, "expert_class": 1}', '2026-12-02 06:55:57.315591+00', 2, 2, 1000203, 13, NULL);
INSERT INTO public.vetting_labelevent VALUES (23, 'campaign', NULL, '{"name": "Unanimous draft", "rule": "unanimous", "blind": true, "order": "disagreement", "state": "draft", "rule_k": 2, "experts": ["ada"], "selection": {"mag_max": 24.5, "mag_min": 20.0, "auto_class": [2], "hcv_expert_class": [0, 1]}, "votes_needed": 1}', '2026-12-02 06:55:57.391568+00', 1, 3, NULL, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (24, 'campaign', NULL, '{"name": "Closed pilot", "rule": "majority", "blind": true, "order": "mad", "state": "draft", "rule_k": 2, "experts": ["ada", "bob"], "selection": {"match_ids": [1000105, 1000106]}, "votes_needed": 1}', '2026-12-02 06:55:57.455657+00', 1, 4, NULL, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (25, 'campaign', '{"name": "Closed pilot", "rule": "majority", "blind": true, "order": "mad", "state": "draft", "rule_k": 2, "experts": ["ada", "bob"], "selection": {"match_ids": [1000105, 1000106]}, "votes_needed": 1}', '{"name": "Closed pilot", "rule": "majority", "blind": true, "items": 2, "order": "mad", "state": "active", "rule_k": 2, "experts": ["ada", "bob"], "selection": {"match_ids": [1000105, 1000106]}, "votes_needed": 1}', '2026-12-02 06:55:57.531685+00', 1, 4, NULL, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (26, 'label', NULL, '{"comment": "", "reasons": ["chip_edge"], "skipped": false, "expert_class": 4}', '2026-12-02 06:55:57.595601+00', 2, 4, 1000106, 14, NULL);
INSERT INTO public.vetting_labelevent VALUES (27, 'campaign', '{"name": "Closed pilot", "rule": "majority", "blind": true, "order": "mad", "state": "active", "rule_k": 2, "experts": ["ada", "bob"], "selection": {"match_ids": [1000105, 1000106]}, "votes_needed": 1}', '{"name": "Closed pilot", "rule": "majority", "blind": true, "order": "mad", "state": "closed", "rule_k": 2, "experts": ["ada", "bob"], "selection": {"match_ids": [1000105, 1000106]}, "votes_needed": 1}', '2026-12-02 06:55:57.687817+00', 1, 4, NULL, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (28, 'label', NULL, '{"comment": "", "reasons": [], "skipped": false, "expert_class": 2}', '2026-12-02 06:55:57.783597+00', 4, 5, 1000204, 15, NULL);
INSERT INTO public.vetting_labelevent VALUES (29, 'reject_epoch', '{"mjd": 53715.04084732054, "image": "hst_10543_07_acs_wfc_f814w", "filter": "ACS_F814W", "reason": "cosmic ray hit", "rejected": false, "vetted_mad": null, "measurement": 7, "vetted_chi2": null, "vetted_num_lc": null}', '{"mjd": 53715.04084732054, "image": "hst_10543_07_acs_wfc_f814w", "filter": "ACS_F814W", "reason": "cosmic ray hit", "rejected": true, "vetted_mad": 0.1753198229813968, "measurement": 7, "vetted_chi2": 119.89511093401441, "vetted_num_lc": 9}', '2026-12-02 06:55:57.883916+00', 2, NULL, 1000101, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (30, 'reject_epoch', '{"mjd": 53717.52361941284, "image": "hst_10543_08_acs_wfc_f814w", "filter": "ACS_F814W", "reason": "edge", "rejected": false, "vetted_mad": null, "measurement": 28, "vetted_chi2": null, "vetted_num_lc": null}', '{"mjd": 53717.52361941284, "image": "hst_10543_08_acs_wfc_f814w", "filter": "ACS_F814W", "reason": "edge", "rejected": true, "vetted_mad": 0.24430053480796232, "measurement": 28, "vetted_chi2": 177.9728481106021, "vetted_num_lc": 9}', '2026-12-02 06:55:57.982344+00', 3, NULL, 1000102, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (31, 'restore_epoch', '{"mjd": 53717.52361941284, "image": "hst_10543_08_acs_wfc_f814w", "filter": "ACS_F814W", "reason": "", "rejected": true, "vetted_mad": 0.24430053480796232, "measurement": 28, "vetted_chi2": 177.9728481106021, "vetted_num_lc": 9}', '{"mjd": 53717.52361941284, "image": "hst_10543_08_acs_wfc_f814w", "filter": "ACS_F814W", "reason": "edge", "rejected": false, "vetted_mad": null, "measurement": 28, "vetted_chi2": null, "vetted_num_lc": null}', '2026-12-02 06:55:58.036985+00', 3, NULL, 1000102, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (32, 'flag_image', '{"image": "hst_10543_03_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.1753198229813968, "vetted_chi2": 119.89511093401441, "vetted_num_lc": 9}}}', '{"image": "hst_10543_03_acs_wfc_f814w", "reason": "guiding failure", "filters": {"ACS_F814W": {"vetted_mad": 0.1504632010093232, "vetted_chi2": 116.97923870207295, "vetted_num_lc": 8}}, "needs_review_changed": false}', '2026-12-02 06:55:58.133584+00', 1, NULL, 1000101, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (33, 'flag_image', '{"image": "hst_10543_03_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": null, "vetted_chi2": null, "vetted_num_lc": null}}}', '{"image": "hst_10543_03_acs_wfc_f814w", "reason": "guiding failure", "filters": {"ACS_F814W": {"vetted_mad": 0.22112645435019473, "vetted_chi2": 169.29577635609897, "vetted_num_lc": 9}}, "needs_review_changed": false}', '2026-12-02 06:55:58.133617+00', 1, NULL, 1000102, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (34, 'flag_image', '{"image": "hst_10543_03_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": null, "vetted_chi2": null, "vetted_num_lc": null}}}', '{"image": "hst_10543_03_acs_wfc_f814w", "reason": "guiding failure", "filters": {"ACS_F814W": {"vetted_mad": 0.22203286565962088, "vetted_chi2": 220.2386791502165, "vetted_num_lc": 9}}, "needs_review_changed": false}', '2026-12-02 06:55:58.133636+00', 1, NULL, 1000103, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (35, 'flag_image', '{"image": "hst_10543_03_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": null, "vetted_chi2": null, "vetted_num_lc": null}}}', '{"image": "hst_10543_03_acs_wfc_f814w", "reason": "guiding failure", "filters": {"ACS_F814W": {"vetted_mad": 0.2354912166452472, "vetted_chi2": 250.87642725739752, "vetted_num_lc": 9}}, "needs_review_changed": false}', '2026-12-02 06:55:58.133657+00', 1, NULL, 1000104, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (36, 'flag_image', '{"image": "hst_10543_03_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": null, "vetted_chi2": null, "vetted_num_lc": null}}}', '{"image": "hst_10543_03_acs_wfc_f814w", "reason": "guiding failure", "filters": {"ACS_F814W": {"vetted_mad": 0.275466115157851, "vetted_chi2": 320.6328551352624, "vetted_num_lc": 9}}, "needs_review_changed": false}', '2026-12-02 06:55:58.133679+00', 1, NULL, 1000105, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (37, 'flag_image', '{"image": "hst_10543_03_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": null, "vetted_chi2": null, "vetted_num_lc": null}}}', '{"image": "hst_10543_03_acs_wfc_f814w", "reason": "guiding failure", "filters": {"ACS_F814W": {"vetted_mad": 0.2890039287146813, "vetted_chi2": 424.50142424749765, "vetted_num_lc": 9}}, "needs_review_changed": false}', '2026-12-02 06:55:58.133698+00', 1, NULL, 1000106, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (38, 'flag_image', '{"image": "hst_10543_03_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": null, "vetted_chi2": null, "vetted_num_lc": null}}}', '{"image": "hst_10543_03_acs_wfc_f814w", "reason": "guiding failure", "filters": {"ACS_F814W": {"vetted_mad": 0.02518795063716439, "vetted_chi2": 2.125316084599307, "vetted_num_lc": 9}}, "needs_review_changed": false}', '2026-12-02 06:55:58.133715+00', 1, NULL, 1000107, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (39, 'flag_image', '{"image": "hst_10543_03_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": null, "vetted_chi2": null, "vetted_num_lc": null}}}', '{"image": "hst_10543_03_acs_wfc_f814w", "reason": "guiding failure", "filters": {"ACS_F814W": {"vetted_mad": 0.011503646594093198, "vetted_chi2": 0.6503363855286226, "vetted_num_lc": 9}}, "needs_review_changed": false}', '2026-12-02 06:55:58.133735+00', 1, NULL, 1000108, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (40, 'flag_image', '{"image": "hst_10543_05_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.1504632010093232, "vetted_chi2": 116.97923870207295, "vetted_num_lc": 8}}}', '{"image": "hst_10543_05_acs_wfc_f814w", "reason": "looked trailed", "filters": {"ACS_F814W": {"vetted_mad": 0.1753198229813968, "vetted_chi2": 120.38816481427573, "vetted_num_lc": 7}}, "needs_review_changed": false}', '2026-12-02 06:55:58.223847+00', 1, NULL, 1000101, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (41, 'flag_image', '{"image": "hst_10543_05_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.22112645435019473, "vetted_chi2": 169.29577635609897, "vetted_num_lc": 9}}}', '{"image": "hst_10543_05_acs_wfc_f814w", "reason": "looked trailed", "filters": {"ACS_F814W": {"vetted_mad": 0.22597010771924353, "vetted_chi2": 174.15777558344666, "vetted_num_lc": 8}}, "needs_review_changed": false}', '2026-12-02 06:55:58.223879+00', 1, NULL, 1000102, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (42, 'flag_image', '{"image": "hst_10543_05_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.22203286565962088, "vetted_chi2": 220.2386791502165, "vetted_num_lc": 9}}}', '{"image": "hst_10543_05_acs_wfc_f814w", "reason": "looked trailed", "filters": {"ACS_F814W": {"vetted_mad": 0.2698846246706843, "vetted_chi2": 216.2107117955806, "vetted_num_lc": 8}}, "needs_review_changed": false}', '2026-12-02 06:55:58.223897+00', 1, NULL, 1000103, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (43, 'flag_image', '{"image": "hst_10543_05_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.2354912166452472, "vetted_chi2": 250.87642725739752, "vetted_num_lc": 9}}}', '{"image": "hst_10543_05_acs_wfc_f814w", "reason": "looked trailed", "filters": {"ACS_F814W": {"vetted_mad": 0.29023965907183147, "vetted_chi2": 256.84098114107115, "vetted_num_lc": 8}}, "needs_review_changed": false}', '2026-12-02 06:55:58.223917+00', 1, NULL, 1000104, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (44, 'flag_image', '{"image": "hst_10543_05_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.275466115157851, "vetted_chi2": 320.6328551352624, "vetted_num_lc": 9}}}', '{"image": "hst_10543_05_acs_wfc_f814w", "reason": "looked trailed", "filters": {"ACS_F814W": {"vetted_mad": 0.31639859518795177, "vetted_chi2": 322.1616492641855, "vetted_num_lc": 8}}, "needs_review_changed": false}', '2026-12-02 06:55:58.223937+00', 1, NULL, 1000105, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (45, 'flag_image', '{"image": "hst_10543_05_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.2890039287146813, "vetted_chi2": 424.50142424749765, "vetted_num_lc": 9}}}', '{"image": "hst_10543_05_acs_wfc_f814w", "reason": "looked trailed", "filters": {"ACS_F814W": {"vetted_mad": 0.3713992212362047, "vetted_chi2": 418.0926534528794, "vetted_num_lc": 8}}, "needs_review_changed": false}', '2026-12-02 06:55:58.223955+00', 1, NULL, 1000106, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (46, 'flag_image', '{"image": "hst_10543_05_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.02518795063716439, "vetted_chi2": 2.125316084599307, "vetted_num_lc": 9}}}', '{"image": "hst_10543_05_acs_wfc_f814w", "reason": "looked trailed", "filters": {"ACS_F814W": {"vetted_mad": 0.025077481932248347, "vetted_chi2": 2.047515290680199, "vetted_num_lc": 8}}, "needs_review_changed": false}', '2026-12-02 06:55:58.223973+00', 1, NULL, 1000107, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (47, 'flag_image', '{"image": "hst_10543_05_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.011503646594093198, "vetted_chi2": 0.6503363855286226, "vetted_num_lc": 9}}}', '{"image": "hst_10543_05_acs_wfc_f814w", "reason": "looked trailed", "filters": {"ACS_F814W": {"vetted_mad": 0.00767084821882591, "vetted_chi2": 0.559210046752546, "vetted_num_lc": 8}}, "needs_review_changed": false}', '2026-12-02 06:55:58.223991+00', 1, NULL, 1000108, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (48, 'unflag_image', '{"image": "hst_10543_05_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.1753198229813968, "vetted_chi2": 120.38816481427573, "vetted_num_lc": 7}}}', '{"image": "hst_10543_05_acs_wfc_f814w", "reason": "looked trailed", "filters": {"ACS_F814W": {"vetted_mad": 0.1504632010093232, "vetted_chi2": 116.97923870207295, "vetted_num_lc": 8}}, "needs_review_changed": false}', '2026-12-02 06:55:58.313371+00', 1, NULL, 1000101, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (49, 'unflag_image', '{"image": "hst_10543_05_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.22597010771924353, "vetted_chi2": 174.15777558344666, "vetted_num_lc": 8}}}', '{"image": "hst_10543_05_acs_wfc_f814w", "reason": "looked trailed", "filters": {"ACS_F814W": {"vetted_mad": 0.22112645435019473, "vetted_chi2": 169.29577635609897, "vetted_num_lc": 9}}, "needs_review_changed": false}', '2026-12-02 06:55:58.3134+00', 1, NULL, 1000102, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (50, 'unflag_image', '{"image": "hst_10543_05_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.2698846246706843, "vetted_chi2": 216.2107117955806, "vetted_num_lc": 8}}}', '{"image": "hst_10543_05_acs_wfc_f814w", "reason": "looked trailed", "filters": {"ACS_F814W": {"vetted_mad": 0.22203286565962088, "vetted_chi2": 220.2386791502165, "vetted_num_lc": 9}}, "needs_review_changed": false}', '2026-12-02 06:55:58.313419+00', 1, NULL, 1000103, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (51, 'unflag_image', '{"image": "hst_10543_05_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.29023965907183147, "vetted_chi2": 256.84098114107115, "vetted_num_lc": 8}}}', '{"image": "hst_10543_05_acs_wfc_f814w", "reason": "looked trailed", "filters": {"ACS_F814W": {"vetted_mad": 0.2354912166452472, "vetted_chi2": 250.87642725739752, "vetted_num_lc": 9}}, "needs_review_changed": false}', '2026-12-02 06:55:58.313437+00', 1, NULL, 1000104, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (52, 'unflag_image', '{"image": "hst_10543_05_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.31639859518795177, "vetted_chi2": 322.1616492641855, "vetted_num_lc": 8}}}', '{"image": "hst_10543_05_acs_wfc_f814w", "reason": "looked trailed", "filters": {"ACS_F814W": {"vetted_mad": 0.275466115157851, "vetted_chi2": 320.6328551352624, "vetted_num_lc": 9}}, "needs_review_changed": false}', '2026-12-02 06:55:58.313454+00', 1, NULL, 1000105, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (53, 'unflag_image', '{"image": "hst_10543_05_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.3713992212362047, "vetted_chi2": 418.0926534528794, "vetted_num_lc": 8}}}', '{"image": "hst_10543_05_acs_wfc_f814w", "reason": "looked trailed", "filters": {"ACS_F814W": {"vetted_mad": 0.2890039287146813, "vetted_chi2": 424.50142424749765, "vetted_num_lc": 9}}, "needs_review_changed": false}', '2026-12-02 06:55:58.31347+00', 1, NULL, 1000106, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (54, 'unflag_image', '{"image": "hst_10543_05_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.025077481932248347, "vetted_chi2": 2.047515290680199, "vetted_num_lc": 8}}}', '{"image": "hst_10543_05_acs_wfc_f814w", "reason": "looked trailed", "filters": {"ACS_F814W": {"vetted_mad": 0.02518795063716439, "vetted_chi2": 2.125316084599307, "vetted_num_lc": 9}}, "needs_review_changed": false}', '2026-12-02 06:55:58.313486+00', 1, NULL, 1000107, NULL, NULL);
INSERT INTO public.vetting_labelevent VALUES (55, 'unflag_image', '{"image": "hst_10543_05_acs_wfc_f814w", "filters": {"ACS_F814W": {"vetted_mad": 0.00767084821882591, "vetted_chi2": 0.559210046752546, "vetted_num_lc": 8}}}', '{"image": "hst_10543_05_acs_wfc_f814w", "reason": "looked trailed", "filters": {"ACS_F814W": {"vetted_mad": 0.011503646594093198, "vetted_chi2": 0.6503363855286226, "vetted_num_lc": 9}}, "needs_review_changed": false}', '2026-12-02 06:55:58.313502+00', 1, NULL, 1000108, NULL, NULL);


--
-- Data for Name: vetting_lease; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.vetting_lease VALUES (2, '2026-12-02 07:05:56.891183+00', 3, 3);


--
-- Name: accounts_user_groups_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.accounts_user_groups_id_seq', 7, true);


--
-- Name: accounts_user_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.accounts_user_id_seq', 7, true);


--
-- Name: accounts_user_user_permissions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.accounts_user_user_permissions_id_seq', 1, false);


--
-- Name: auth_group_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.auth_group_id_seq', 3, true);


--
-- Name: auth_group_permissions_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.auth_group_permissions_id_seq', 87, true);


--
-- Name: auth_permission_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.auth_permission_id_seq', 100, true);


--
-- Name: catalog_cutout_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.catalog_cutout_id_seq', 3, true);


--
-- Name: catalog_filterstat_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.catalog_filterstat_id_seq', 16, true);


--
-- Name: catalog_measurement_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.catalog_measurement_id_seq', 160, true);


--
-- Name: django_admin_log_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.django_admin_log_id_seq', 1, false);


--
-- Name: django_content_type_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.django_content_type_id_seq', 25, true);


--
-- Name: django_migrations_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.django_migrations_id_seq', 32, true);


--
-- Name: hcvvet_data_version; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.hcvvet_data_version', 129, true);


--
-- Name: ingest_ingestjob_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.ingest_ingestjob_id_seq', 2, true);


--
-- Name: ingest_ingestjobmember_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.ingest_ingestjobmember_id_seq', 8, true);


--
-- Name: reports_madcell_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.reports_madcell_id_seq', 23, true);


--
-- Name: vetting_adjudication_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.vetting_adjudication_id_seq', 1, true);


--
-- Name: vetting_campaign_experts_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.vetting_campaign_experts_id_seq', 10, true);


--
-- Name: vetting_campaign_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.vetting_campaign_id_seq', 5, true);


--
-- Name: vetting_campaigncandidate_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.vetting_campaigncandidate_id_seq', 15, true);


--
-- Name: vetting_imageflag_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.vetting_imageflag_id_seq', 2, true);


--
-- Name: vetting_label_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.vetting_label_id_seq', 15, true);


--
-- Name: vetting_labelevent_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.vetting_labelevent_id_seq', 55, true);


--
-- Name: vetting_lease_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.vetting_lease_id_seq', 2, true);


--
-- Name: accounts_user_groups accounts_user_groups_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts_user_groups
    ADD CONSTRAINT accounts_user_groups_pkey PRIMARY KEY (id);


--
-- Name: accounts_user_groups accounts_user_groups_user_id_group_id_59c0b32f_uniq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts_user_groups
    ADD CONSTRAINT accounts_user_groups_user_id_group_id_59c0b32f_uniq UNIQUE (user_id, group_id);


--
-- Name: accounts_user accounts_user_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts_user
    ADD CONSTRAINT accounts_user_pkey PRIMARY KEY (id);


--
-- Name: accounts_user_user_permissions accounts_user_user_permi_user_id_permission_id_2ab516c2_uniq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts_user_user_permissions
    ADD CONSTRAINT accounts_user_user_permi_user_id_permission_id_2ab516c2_uniq UNIQUE (user_id, permission_id);


--
-- Name: accounts_user_user_permissions accounts_user_user_permissions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts_user_user_permissions
    ADD CONSTRAINT accounts_user_user_permissions_pkey PRIMARY KEY (id);


--
-- Name: accounts_user accounts_user_username_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts_user
    ADD CONSTRAINT accounts_user_username_key UNIQUE (username);


--
-- Name: auth_group auth_group_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_group
    ADD CONSTRAINT auth_group_name_key UNIQUE (name);


--
-- Name: auth_group_permissions auth_group_permissions_group_id_permission_id_0cd325b0_uniq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_group_permissions
    ADD CONSTRAINT auth_group_permissions_group_id_permission_id_0cd325b0_uniq UNIQUE (group_id, permission_id);


--
-- Name: auth_group_permissions auth_group_permissions_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_group_permissions
    ADD CONSTRAINT auth_group_permissions_pkey PRIMARY KEY (id);


--
-- Name: auth_group auth_group_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_group
    ADD CONSTRAINT auth_group_pkey PRIMARY KEY (id);


--
-- Name: auth_permission auth_permission_content_type_id_codename_01ab375a_uniq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_permission
    ADD CONSTRAINT auth_permission_content_type_id_codename_01ab375a_uniq UNIQUE (content_type_id, codename);


--
-- Name: auth_permission auth_permission_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_permission
    ADD CONSTRAINT auth_permission_pkey PRIMARY KEY (id);


--
-- Name: authtoken_token authtoken_token_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.authtoken_token
    ADD CONSTRAINT authtoken_token_pkey PRIMARY KEY (key);


--
-- Name: authtoken_token authtoken_token_user_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.authtoken_token
    ADD CONSTRAINT authtoken_token_user_id_key UNIQUE (user_id);


--
-- Name: vetting_campaigncandidate campaign_candidate_unique; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_campaigncandidate
    ADD CONSTRAINT campaign_candidate_unique UNIQUE (campaign_id, candidate_id);


--
-- Name: catalog_candidate catalog_candidate_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_candidate
    ADD CONSTRAINT catalog_candidate_pkey PRIMARY KEY (match_id);


--
-- Name: catalog_cutout catalog_cutout_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_cutout
    ADD CONSTRAINT catalog_cutout_pkey PRIMARY KEY (id);


--
-- Name: catalog_filterstat catalog_filterstat_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_filterstat
    ADD CONSTRAINT catalog_filterstat_pkey PRIMARY KEY (id);


--
-- Name: catalog_group catalog_group_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_group
    ADD CONSTRAINT catalog_group_pkey PRIMARY KEY (group_id);


--
-- Name: catalog_image catalog_image_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_image
    ADD CONSTRAINT catalog_image_pkey PRIMARY KEY (name);


--
-- Name: catalog_measurement catalog_measurement_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_measurement
    ADD CONSTRAINT catalog_measurement_pkey PRIMARY KEY (id);


--
-- Name: catalog_cutout cutout_natural_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_cutout
    ADD CONSTRAINT cutout_natural_key UNIQUE (image_id, candidate_id, size_px, zoom);


--
-- Name: django_admin_log django_admin_log_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.django_admin_log
    ADD CONSTRAINT django_admin_log_pkey PRIMARY KEY (id);


--
-- Name: django_content_type django_content_type_app_label_model_76bd3d3b_uniq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.django_content_type
    ADD CONSTRAINT django_content_type_app_label_model_76bd3d3b_uniq UNIQUE (app_label, model);


--
-- Name: django_content_type django_content_type_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.django_content_type
    ADD CONSTRAINT django_content_type_pkey PRIMARY KEY (id);


--
-- Name: django_migrations django_migrations_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.django_migrations
    ADD CONSTRAINT django_migrations_pkey PRIMARY KEY (id);


--
-- Name: django_session django_session_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.django_session
    ADD CONSTRAINT django_session_pkey PRIMARY KEY (session_key);


--
-- Name: catalog_filterstat filterstat_natural_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_filterstat
    ADD CONSTRAINT filterstat_natural_key UNIQUE (candidate_id, filter);


--
-- Name: ingest_ingestjob ingest_ingestjob_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ingest_ingestjob
    ADD CONSTRAINT ingest_ingestjob_pkey PRIMARY KEY (id);


--
-- Name: ingest_ingestjobmember ingest_ingestjobmember_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ingest_ingestjobmember
    ADD CONSTRAINT ingest_ingestjobmember_pkey PRIMARY KEY (id);


--
-- Name: ingest_ingestjobmember ingestjobmember_unique; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ingest_ingestjobmember
    ADD CONSTRAINT ingestjobmember_unique UNIQUE (job_id, candidate_id);


--
-- Name: vetting_label label_one_per_expert; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_label
    ADD CONSTRAINT label_one_per_expert UNIQUE (campaign_id, candidate_id, expert_id);


--
-- Name: vetting_lease lease_one_per_expert; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_lease
    ADD CONSTRAINT lease_one_per_expert UNIQUE (item_id, expert_id);


--
-- Name: catalog_measurement measurement_natural_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_measurement
    ADD CONSTRAINT measurement_natural_key UNIQUE (candidate_id, filter, image_id);


--
-- Name: reports_madcell reports_madcell_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.reports_madcell
    ADD CONSTRAINT reports_madcell_pkey PRIMARY KEY (id);


--
-- Name: vetting_adjudication vetting_adjudication_item_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_adjudication
    ADD CONSTRAINT vetting_adjudication_item_id_key UNIQUE (item_id);


--
-- Name: vetting_adjudication vetting_adjudication_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_adjudication
    ADD CONSTRAINT vetting_adjudication_pkey PRIMARY KEY (id);


--
-- Name: vetting_campaign_experts vetting_campaign_experts_campaign_id_user_id_9f81a3b0_uniq; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_campaign_experts
    ADD CONSTRAINT vetting_campaign_experts_campaign_id_user_id_9f81a3b0_uniq UNIQUE (campaign_id, user_id);


--
-- Name: vetting_campaign_experts vetting_campaign_experts_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_campaign_experts
    ADD CONSTRAINT vetting_campaign_experts_pkey PRIMARY KEY (id);


--
-- Name: vetting_campaign vetting_campaign_name_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_campaign
    ADD CONSTRAINT vetting_campaign_name_key UNIQUE (name);


--
-- Name: vetting_campaign vetting_campaign_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_campaign
    ADD CONSTRAINT vetting_campaign_pkey PRIMARY KEY (id);


--
-- Name: vetting_campaigncandidate vetting_campaigncandidate_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_campaigncandidate
    ADD CONSTRAINT vetting_campaigncandidate_pkey PRIMARY KEY (id);


--
-- Name: vetting_imageflag vetting_imageflag_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_imageflag
    ADD CONSTRAINT vetting_imageflag_pkey PRIMARY KEY (id);


--
-- Name: vetting_label vetting_label_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_label
    ADD CONSTRAINT vetting_label_pkey PRIMARY KEY (id);


--
-- Name: vetting_labelevent vetting_labelevent_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_labelevent
    ADD CONSTRAINT vetting_labelevent_pkey PRIMARY KEY (id);


--
-- Name: vetting_labelevent vetting_labelevent_undoes_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_labelevent
    ADD CONSTRAINT vetting_labelevent_undoes_id_key UNIQUE (undoes_id);


--
-- Name: vetting_lease vetting_lease_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_lease
    ADD CONSTRAINT vetting_lease_pkey PRIMARY KEY (id);


--
-- Name: accounts_user_groups_group_id_bd11a704; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX accounts_user_groups_group_id_bd11a704 ON public.accounts_user_groups USING btree (group_id);


--
-- Name: accounts_user_groups_user_id_52b62117; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX accounts_user_groups_user_id_52b62117 ON public.accounts_user_groups USING btree (user_id);


--
-- Name: accounts_user_user_permissions_permission_id_113bb443; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX accounts_user_user_permissions_permission_id_113bb443 ON public.accounts_user_user_permissions USING btree (permission_id);


--
-- Name: accounts_user_user_permissions_user_id_e4f0a161; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX accounts_user_user_permissions_user_id_e4f0a161 ON public.accounts_user_user_permissions USING btree (user_id);


--
-- Name: accounts_user_username_6088629e_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX accounts_user_username_6088629e_like ON public.accounts_user USING btree (username varchar_pattern_ops);


--
-- Name: auth_group_name_a6ea08ec_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_group_name_a6ea08ec_like ON public.auth_group USING btree (name varchar_pattern_ops);


--
-- Name: auth_group_permissions_group_id_b120cbf9; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_group_permissions_group_id_b120cbf9 ON public.auth_group_permissions USING btree (group_id);


--
-- Name: auth_group_permissions_permission_id_84c5c92e; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_group_permissions_permission_id_84c5c92e ON public.auth_group_permissions USING btree (permission_id);


--
-- Name: auth_permission_content_type_id_2f476e4b; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX auth_permission_content_type_id_2f476e4b ON public.auth_permission USING btree (content_type_id);


--
-- Name: authtoken_token_key_10f0b77e_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX authtoken_token_key_10f0b77e_like ON public.authtoken_token USING btree (key varchar_pattern_ops);


--
-- Name: campaign_position; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX campaign_position ON public.vetting_campaigncandidate USING btree (campaign_id, "position");


--
-- Name: campaign_queue; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX campaign_queue ON public.vetting_campaigncandidate USING btree (campaign_id, consensus, "position");


--
-- Name: candidate_cone; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX candidate_cone ON public.catalog_candidate USING btree (dec_deg, ra_deg);


--
-- Name: candidate_expert; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX candidate_expert ON public.catalog_candidate USING btree (expert_class);


--
-- Name: candidate_group_class; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX candidate_group_class ON public.catalog_candidate USING btree (group_id, auto_class);


--
-- Name: candidate_hcv_expert; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX candidate_hcv_expert ON public.catalog_candidate USING btree (hcv_expert_class);


--
-- Name: candidate_queue; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX candidate_queue ON public.catalog_candidate USING btree (auto_class, max_mad DESC);


--
-- Name: catalog_candidate_group_id_6c33783e; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX catalog_candidate_group_id_6c33783e ON public.catalog_candidate USING btree (group_id);


--
-- Name: catalog_cutout_candidate_id_ffe4a937; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX catalog_cutout_candidate_id_ffe4a937 ON public.catalog_cutout USING btree (candidate_id);


--
-- Name: catalog_cutout_image_id_a6800257; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX catalog_cutout_image_id_a6800257 ON public.catalog_cutout USING btree (image_id);


--
-- Name: catalog_cutout_image_id_a6800257_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX catalog_cutout_image_id_a6800257_like ON public.catalog_cutout USING btree (image_id varchar_pattern_ops);


--
-- Name: catalog_filterstat_candidate_id_9513d178; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX catalog_filterstat_candidate_id_9513d178 ON public.catalog_filterstat USING btree (candidate_id);


--
-- Name: catalog_group_target_name_7fe857ee; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX catalog_group_target_name_7fe857ee ON public.catalog_group USING btree (target_name);


--
-- Name: catalog_group_target_name_7fe857ee_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX catalog_group_target_name_7fe857ee_like ON public.catalog_group USING btree (target_name varchar_pattern_ops);


--
-- Name: catalog_ima_proposa_b783c9_idx; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX catalog_ima_proposa_b783c9_idx ON public.catalog_image USING btree (proposal_id, visit);


--
-- Name: catalog_image_name_9a28371d_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX catalog_image_name_9a28371d_like ON public.catalog_image USING btree (name varchar_pattern_ops);


--
-- Name: catalog_measurement_candidate_id_3d1977a2; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX catalog_measurement_candidate_id_3d1977a2 ON public.catalog_measurement USING btree (candidate_id);


--
-- Name: catalog_measurement_image_id_0bfa389e; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX catalog_measurement_image_id_0bfa389e ON public.catalog_measurement USING btree (image_id);


--
-- Name: catalog_measurement_image_id_0bfa389e_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX catalog_measurement_image_id_0bfa389e_like ON public.catalog_measurement USING btree (image_id varchar_pattern_ops);


--
-- Name: catalog_measurement_rejected_by_id_7a89f719; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX catalog_measurement_rejected_by_id_7a89f719 ON public.catalog_measurement USING btree (rejected_by_id);


--
-- Name: cutout_candidate_status; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX cutout_candidate_status ON public.catalog_cutout USING btree (candidate_id, status);


--
-- Name: django_admin_log_content_type_id_c4bce8eb; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX django_admin_log_content_type_id_c4bce8eb ON public.django_admin_log USING btree (content_type_id);


--
-- Name: django_admin_log_user_id_c564eba6; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX django_admin_log_user_id_c564eba6 ON public.django_admin_log USING btree (user_id);


--
-- Name: django_session_expire_date_a5c62663; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX django_session_expire_date_a5c62663 ON public.django_session USING btree (expire_date);


--
-- Name: django_session_session_key_c0390e0f_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX django_session_session_key_c0390e0f_like ON public.django_session USING btree (session_key varchar_pattern_ops);


--
-- Name: event_candidate; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX event_candidate ON public.vetting_labelevent USING btree (candidate_id, created_at);


--
-- Name: filterstat_filter_mad; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX filterstat_filter_mad ON public.catalog_filterstat USING btree (filter, mad);


--
-- Name: filterstat_filter_mag; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX filterstat_filter_mag ON public.catalog_filterstat USING btree (filter, mean_corr_mag);


--
-- Name: ingest_ingestjob_created_by_id_1748eb33; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ingest_ingestjob_created_by_id_1748eb33 ON public.ingest_ingestjob USING btree (created_by_id);


--
-- Name: ingest_ingestjob_rerun_of_id_a6b6ab6d; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ingest_ingestjob_rerun_of_id_a6b6ab6d ON public.ingest_ingestjob USING btree (rerun_of_id);


--
-- Name: ingest_ingestjob_state_f59eeee3; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ingest_ingestjob_state_f59eeee3 ON public.ingest_ingestjob USING btree (state);


--
-- Name: ingest_ingestjob_state_f59eeee3_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ingest_ingestjob_state_f59eeee3_like ON public.ingest_ingestjob USING btree (state varchar_pattern_ops);


--
-- Name: ingest_ingestjobmember_candidate_id_2d5040a6; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ingest_ingestjobmember_candidate_id_2d5040a6 ON public.ingest_ingestjobmember USING btree (candidate_id);


--
-- Name: ingest_ingestjobmember_job_id_5f11ef4f; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ingest_ingestjobmember_job_id_5f11ef4f ON public.ingest_ingestjobmember USING btree (job_id);


--
-- Name: label_candidate; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX label_candidate ON public.vetting_label USING btree (candidate_id, campaign_id);


--
-- Name: label_expert_recent; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX label_expert_recent ON public.vetting_label USING btree (expert_id, campaign_id, updated_at DESC);


--
-- Name: lease_expert; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX lease_expert ON public.vetting_lease USING btree (expert_id, expires_at);


--
-- Name: madcell_auto_class; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX madcell_auto_class ON public.reports_madcell USING btree (auto_class);


--
-- Name: measurement_lc; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX measurement_lc ON public.catalog_measurement USING btree (candidate_id, filter, mjd);


--
-- Name: one_active_flag_per_image; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX one_active_flag_per_image ON public.vetting_imageflag USING btree (image_id) WHERE (cleared_at IS NULL);


--
-- Name: one_default_campaign; Type: INDEX; Schema: public; Owner: -
--

CREATE UNIQUE INDEX one_default_campaign ON public.vetting_campaign USING btree (is_default) WHERE is_default;


--
-- Name: vetting_adjudication_adjudicator_id_4c3223a2; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_adjudication_adjudicator_id_4c3223a2 ON public.vetting_adjudication USING btree (adjudicator_id);


--
-- Name: vetting_campaign_created_by_id_4cb07d2c; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_campaign_created_by_id_4cb07d2c ON public.vetting_campaign USING btree (created_by_id);


--
-- Name: vetting_campaign_experts_campaign_id_3bed3199; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_campaign_experts_campaign_id_3bed3199 ON public.vetting_campaign_experts USING btree (campaign_id);


--
-- Name: vetting_campaign_experts_user_id_58f53a5c; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_campaign_experts_user_id_58f53a5c ON public.vetting_campaign_experts USING btree (user_id);


--
-- Name: vetting_campaign_name_531408ec_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_campaign_name_531408ec_like ON public.vetting_campaign USING btree (name varchar_pattern_ops);


--
-- Name: vetting_campaigncandidate_campaign_id_5bc2aa52; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_campaigncandidate_campaign_id_5bc2aa52 ON public.vetting_campaigncandidate USING btree (campaign_id);


--
-- Name: vetting_campaigncandidate_candidate_id_5139955b; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_campaigncandidate_candidate_id_5139955b ON public.vetting_campaigncandidate USING btree (candidate_id);


--
-- Name: vetting_imageflag_cleared_by_id_53f1eaa8; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_imageflag_cleared_by_id_53f1eaa8 ON public.vetting_imageflag USING btree (cleared_by_id);


--
-- Name: vetting_imageflag_flagged_by_id_34f21ee5; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_imageflag_flagged_by_id_34f21ee5 ON public.vetting_imageflag USING btree (flagged_by_id);


--
-- Name: vetting_imageflag_image_id_3bd6961b; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_imageflag_image_id_3bd6961b ON public.vetting_imageflag USING btree (image_id);


--
-- Name: vetting_imageflag_image_id_3bd6961b_like; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_imageflag_image_id_3bd6961b_like ON public.vetting_imageflag USING btree (image_id varchar_pattern_ops);


--
-- Name: vetting_label_campaign_id_89ade3c6; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_label_campaign_id_89ade3c6 ON public.vetting_label USING btree (campaign_id);


--
-- Name: vetting_label_candidate_id_65798691; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_label_candidate_id_65798691 ON public.vetting_label USING btree (candidate_id);


--
-- Name: vetting_label_expert_id_11ffd76e; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_label_expert_id_11ffd76e ON public.vetting_label USING btree (expert_id);


--
-- Name: vetting_labelevent_actor_id_1ac9a14b; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_labelevent_actor_id_1ac9a14b ON public.vetting_labelevent USING btree (actor_id);


--
-- Name: vetting_labelevent_campaign_id_64f27248; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_labelevent_campaign_id_64f27248 ON public.vetting_labelevent USING btree (campaign_id);


--
-- Name: vetting_labelevent_candidate_id_bbeda335; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_labelevent_candidate_id_bbeda335 ON public.vetting_labelevent USING btree (candidate_id);


--
-- Name: vetting_labelevent_created_at_3031dbec; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_labelevent_created_at_3031dbec ON public.vetting_labelevent USING btree (created_at);


--
-- Name: vetting_labelevent_label_id_054a5a1f; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_labelevent_label_id_054a5a1f ON public.vetting_labelevent USING btree (label_id);


--
-- Name: vetting_lease_expert_id_f70b86c1; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_lease_expert_id_f70b86c1 ON public.vetting_lease USING btree (expert_id);


--
-- Name: vetting_lease_item_id_70ca01c5; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX vetting_lease_item_id_70ca01c5 ON public.vetting_lease USING btree (item_id);


--
-- Name: accounts_user hcvvet_data_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hcvvet_data_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.accounts_user FOR EACH STATEMENT EXECUTE FUNCTION public.hcvvet_data_changed();


--
-- Name: catalog_candidate hcvvet_data_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hcvvet_data_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.catalog_candidate FOR EACH STATEMENT EXECUTE FUNCTION public.hcvvet_data_changed();


--
-- Name: catalog_filterstat hcvvet_data_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hcvvet_data_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.catalog_filterstat FOR EACH STATEMENT EXECUTE FUNCTION public.hcvvet_data_changed();


--
-- Name: catalog_group hcvvet_data_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hcvvet_data_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.catalog_group FOR EACH STATEMENT EXECUTE FUNCTION public.hcvvet_data_changed();


--
-- Name: vetting_adjudication hcvvet_data_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hcvvet_data_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.vetting_adjudication FOR EACH STATEMENT EXECUTE FUNCTION public.hcvvet_data_changed();


--
-- Name: vetting_campaign hcvvet_data_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hcvvet_data_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.vetting_campaign FOR EACH STATEMENT EXECUTE FUNCTION public.hcvvet_data_changed();


--
-- Name: vetting_campaigncandidate hcvvet_data_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hcvvet_data_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.vetting_campaigncandidate FOR EACH STATEMENT EXECUTE FUNCTION public.hcvvet_data_changed();


--
-- Name: vetting_label hcvvet_data_changed; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER hcvvet_data_changed AFTER INSERT OR DELETE OR UPDATE OR TRUNCATE ON public.vetting_label FOR EACH STATEMENT EXECUTE FUNCTION public.hcvvet_data_changed();


--
-- Name: catalog_candidate madcell_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER madcell_delete AFTER DELETE ON public.catalog_candidate REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.madcell_candidate_delete();


--
-- Name: catalog_filterstat madcell_delete; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER madcell_delete AFTER DELETE ON public.catalog_filterstat REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION public.madcell_filterstat_delete();


--
-- Name: catalog_candidate madcell_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER madcell_insert AFTER INSERT ON public.catalog_candidate REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.madcell_candidate_insert();


--
-- Name: catalog_filterstat madcell_insert; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER madcell_insert AFTER INSERT ON public.catalog_filterstat REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.madcell_filterstat_insert();


--
-- Name: catalog_candidate madcell_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER madcell_truncate AFTER TRUNCATE ON public.catalog_candidate FOR EACH STATEMENT EXECUTE FUNCTION public.madcell_truncate();


--
-- Name: catalog_filterstat madcell_truncate; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER madcell_truncate AFTER TRUNCATE ON public.catalog_filterstat FOR EACH STATEMENT EXECUTE FUNCTION public.madcell_truncate();


--
-- Name: catalog_candidate madcell_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER madcell_update AFTER UPDATE ON public.catalog_candidate REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.madcell_candidate_update();


--
-- Name: catalog_filterstat madcell_update; Type: TRIGGER; Schema: public; Owner: -
--

CREATE TRIGGER madcell_update AFTER UPDATE ON public.catalog_filterstat REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION public.madcell_filterstat_update();


--
-- Name: accounts_user_groups accounts_user_groups_group_id_bd11a704_fk_auth_group_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts_user_groups
    ADD CONSTRAINT accounts_user_groups_group_id_bd11a704_fk_auth_group_id FOREIGN KEY (group_id) REFERENCES public.auth_group(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: accounts_user_groups accounts_user_groups_user_id_52b62117_fk_accounts_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts_user_groups
    ADD CONSTRAINT accounts_user_groups_user_id_52b62117_fk_accounts_user_id FOREIGN KEY (user_id) REFERENCES public.accounts_user(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: accounts_user_user_permissions accounts_user_user_p_permission_id_113bb443_fk_auth_perm; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts_user_user_permissions
    ADD CONSTRAINT accounts_user_user_p_permission_id_113bb443_fk_auth_perm FOREIGN KEY (permission_id) REFERENCES public.auth_permission(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: accounts_user_user_permissions accounts_user_user_p_user_id_e4f0a161_fk_accounts_; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.accounts_user_user_permissions
    ADD CONSTRAINT accounts_user_user_p_user_id_e4f0a161_fk_accounts_ FOREIGN KEY (user_id) REFERENCES public.accounts_user(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: auth_group_permissions auth_group_permissio_permission_id_84c5c92e_fk_auth_perm; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_group_permissions
    ADD CONSTRAINT auth_group_permissio_permission_id_84c5c92e_fk_auth_perm FOREIGN KEY (permission_id) REFERENCES public.auth_permission(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: auth_group_permissions auth_group_permissions_group_id_b120cbf9_fk_auth_group_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_group_permissions
    ADD CONSTRAINT auth_group_permissions_group_id_b120cbf9_fk_auth_group_id FOREIGN KEY (group_id) REFERENCES public.auth_group(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: auth_permission auth_permission_content_type_id_2f476e4b_fk_django_co; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.auth_permission
    ADD CONSTRAINT auth_permission_content_type_id_2f476e4b_fk_django_co FOREIGN KEY (content_type_id) REFERENCES public.django_content_type(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: authtoken_token authtoken_token_user_id_35299eff_fk_accounts_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.authtoken_token
    ADD CONSTRAINT authtoken_token_user_id_35299eff_fk_accounts_user_id FOREIGN KEY (user_id) REFERENCES public.accounts_user(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: catalog_candidate catalog_candidate_group_id_6c33783e_fk_catalog_group_group_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_candidate
    ADD CONSTRAINT catalog_candidate_group_id_6c33783e_fk_catalog_group_group_id FOREIGN KEY (group_id) REFERENCES public.catalog_group(group_id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: catalog_cutout catalog_cutout_candidate_id_ffe4a937_fk_catalog_c; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_cutout
    ADD CONSTRAINT catalog_cutout_candidate_id_ffe4a937_fk_catalog_c FOREIGN KEY (candidate_id) REFERENCES public.catalog_candidate(match_id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: catalog_cutout catalog_cutout_image_id_a6800257_fk_catalog_image_name; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_cutout
    ADD CONSTRAINT catalog_cutout_image_id_a6800257_fk_catalog_image_name FOREIGN KEY (image_id) REFERENCES public.catalog_image(name) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: catalog_filterstat catalog_filterstat_candidate_id_9513d178_fk_catalog_c; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_filterstat
    ADD CONSTRAINT catalog_filterstat_candidate_id_9513d178_fk_catalog_c FOREIGN KEY (candidate_id) REFERENCES public.catalog_candidate(match_id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: catalog_measurement catalog_measurement_candidate_id_3d1977a2_fk_catalog_c; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_measurement
    ADD CONSTRAINT catalog_measurement_candidate_id_3d1977a2_fk_catalog_c FOREIGN KEY (candidate_id) REFERENCES public.catalog_candidate(match_id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: catalog_measurement catalog_measurement_image_id_0bfa389e_fk_catalog_image_name; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_measurement
    ADD CONSTRAINT catalog_measurement_image_id_0bfa389e_fk_catalog_image_name FOREIGN KEY (image_id) REFERENCES public.catalog_image(name) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: catalog_measurement catalog_measurement_rejected_by_id_7a89f719_fk_accounts_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.catalog_measurement
    ADD CONSTRAINT catalog_measurement_rejected_by_id_7a89f719_fk_accounts_user_id FOREIGN KEY (rejected_by_id) REFERENCES public.accounts_user(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: django_admin_log django_admin_log_content_type_id_c4bce8eb_fk_django_co; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.django_admin_log
    ADD CONSTRAINT django_admin_log_content_type_id_c4bce8eb_fk_django_co FOREIGN KEY (content_type_id) REFERENCES public.django_content_type(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: django_admin_log django_admin_log_user_id_c564eba6_fk_accounts_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.django_admin_log
    ADD CONSTRAINT django_admin_log_user_id_c564eba6_fk_accounts_user_id FOREIGN KEY (user_id) REFERENCES public.accounts_user(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: ingest_ingestjob ingest_ingestjob_created_by_id_1748eb33_fk_accounts_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ingest_ingestjob
    ADD CONSTRAINT ingest_ingestjob_created_by_id_1748eb33_fk_accounts_user_id FOREIGN KEY (created_by_id) REFERENCES public.accounts_user(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: ingest_ingestjob ingest_ingestjob_rerun_of_id_a6b6ab6d_fk_ingest_ingestjob_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ingest_ingestjob
    ADD CONSTRAINT ingest_ingestjob_rerun_of_id_a6b6ab6d_fk_ingest_ingestjob_id FOREIGN KEY (rerun_of_id) REFERENCES public.ingest_ingestjob(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: ingest_ingestjobmember ingest_ingestjobmemb_candidate_id_2d5040a6_fk_catalog_c; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ingest_ingestjobmember
    ADD CONSTRAINT ingest_ingestjobmemb_candidate_id_2d5040a6_fk_catalog_c FOREIGN KEY (candidate_id) REFERENCES public.catalog_candidate(match_id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: ingest_ingestjobmember ingest_ingestjobmember_job_id_5f11ef4f_fk_ingest_ingestjob_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.ingest_ingestjobmember
    ADD CONSTRAINT ingest_ingestjobmember_job_id_5f11ef4f_fk_ingest_ingestjob_id FOREIGN KEY (job_id) REFERENCES public.ingest_ingestjob(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_adjudication vetting_adjudication_adjudicator_id_4c3223a2_fk_accounts_; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_adjudication
    ADD CONSTRAINT vetting_adjudication_adjudicator_id_4c3223a2_fk_accounts_ FOREIGN KEY (adjudicator_id) REFERENCES public.accounts_user(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_adjudication vetting_adjudication_item_id_f392457b_fk_vetting_c; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_adjudication
    ADD CONSTRAINT vetting_adjudication_item_id_f392457b_fk_vetting_c FOREIGN KEY (item_id) REFERENCES public.vetting_campaigncandidate(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_campaign vetting_campaign_created_by_id_4cb07d2c_fk_accounts_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_campaign
    ADD CONSTRAINT vetting_campaign_created_by_id_4cb07d2c_fk_accounts_user_id FOREIGN KEY (created_by_id) REFERENCES public.accounts_user(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_campaign_experts vetting_campaign_exp_campaign_id_3bed3199_fk_vetting_c; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_campaign_experts
    ADD CONSTRAINT vetting_campaign_exp_campaign_id_3bed3199_fk_vetting_c FOREIGN KEY (campaign_id) REFERENCES public.vetting_campaign(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_campaign_experts vetting_campaign_experts_user_id_58f53a5c_fk_accounts_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_campaign_experts
    ADD CONSTRAINT vetting_campaign_experts_user_id_58f53a5c_fk_accounts_user_id FOREIGN KEY (user_id) REFERENCES public.accounts_user(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_campaigncandidate vetting_campaigncand_campaign_id_5bc2aa52_fk_vetting_c; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_campaigncandidate
    ADD CONSTRAINT vetting_campaigncand_campaign_id_5bc2aa52_fk_vetting_c FOREIGN KEY (campaign_id) REFERENCES public.vetting_campaign(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_campaigncandidate vetting_campaigncand_candidate_id_5139955b_fk_catalog_c; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_campaigncandidate
    ADD CONSTRAINT vetting_campaigncand_candidate_id_5139955b_fk_catalog_c FOREIGN KEY (candidate_id) REFERENCES public.catalog_candidate(match_id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_imageflag vetting_imageflag_cleared_by_id_53f1eaa8_fk_accounts_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_imageflag
    ADD CONSTRAINT vetting_imageflag_cleared_by_id_53f1eaa8_fk_accounts_user_id FOREIGN KEY (cleared_by_id) REFERENCES public.accounts_user(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_imageflag vetting_imageflag_flagged_by_id_34f21ee5_fk_accounts_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_imageflag
    ADD CONSTRAINT vetting_imageflag_flagged_by_id_34f21ee5_fk_accounts_user_id FOREIGN KEY (flagged_by_id) REFERENCES public.accounts_user(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_imageflag vetting_imageflag_image_id_3bd6961b_fk_catalog_image_name; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_imageflag
    ADD CONSTRAINT vetting_imageflag_image_id_3bd6961b_fk_catalog_image_name FOREIGN KEY (image_id) REFERENCES public.catalog_image(name) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_label vetting_label_campaign_id_89ade3c6_fk_vetting_campaign_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_label
    ADD CONSTRAINT vetting_label_campaign_id_89ade3c6_fk_vetting_campaign_id FOREIGN KEY (campaign_id) REFERENCES public.vetting_campaign(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_label vetting_label_candidate_id_65798691_fk_catalog_c; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_label
    ADD CONSTRAINT vetting_label_candidate_id_65798691_fk_catalog_c FOREIGN KEY (candidate_id) REFERENCES public.catalog_candidate(match_id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_label vetting_label_expert_id_11ffd76e_fk_accounts_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_label
    ADD CONSTRAINT vetting_label_expert_id_11ffd76e_fk_accounts_user_id FOREIGN KEY (expert_id) REFERENCES public.accounts_user(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_labelevent vetting_labelevent_actor_id_1ac9a14b_fk_accounts_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_labelevent
    ADD CONSTRAINT vetting_labelevent_actor_id_1ac9a14b_fk_accounts_user_id FOREIGN KEY (actor_id) REFERENCES public.accounts_user(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_labelevent vetting_labelevent_campaign_id_64f27248_fk_vetting_campaign_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_labelevent
    ADD CONSTRAINT vetting_labelevent_campaign_id_64f27248_fk_vetting_campaign_id FOREIGN KEY (campaign_id) REFERENCES public.vetting_campaign(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_labelevent vetting_labelevent_candidate_id_bbeda335_fk_catalog_c; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_labelevent
    ADD CONSTRAINT vetting_labelevent_candidate_id_bbeda335_fk_catalog_c FOREIGN KEY (candidate_id) REFERENCES public.catalog_candidate(match_id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_labelevent vetting_labelevent_label_id_054a5a1f_fk_vetting_label_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_labelevent
    ADD CONSTRAINT vetting_labelevent_label_id_054a5a1f_fk_vetting_label_id FOREIGN KEY (label_id) REFERENCES public.vetting_label(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_labelevent vetting_labelevent_undoes_id_3b7b76c6_fk_vetting_labelevent_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_labelevent
    ADD CONSTRAINT vetting_labelevent_undoes_id_3b7b76c6_fk_vetting_labelevent_id FOREIGN KEY (undoes_id) REFERENCES public.vetting_labelevent(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_lease vetting_lease_expert_id_f70b86c1_fk_accounts_user_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_lease
    ADD CONSTRAINT vetting_lease_expert_id_f70b86c1_fk_accounts_user_id FOREIGN KEY (expert_id) REFERENCES public.accounts_user(id) DEFERRABLE INITIALLY DEFERRED;


--
-- Name: vetting_lease vetting_lease_item_id_70ca01c5_fk_vetting_campaigncandidate_id; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.vetting_lease
    ADD CONSTRAINT vetting_lease_item_id_70ca01c5_fk_vetting_campaigncandidate_id FOREIGN KEY (item_id) REFERENCES public.vetting_campaigncandidate(id) DEFERRABLE INITIALLY DEFERRED;


--
-- PostgreSQL database dump complete
--


