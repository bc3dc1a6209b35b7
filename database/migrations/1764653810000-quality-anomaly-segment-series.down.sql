DROP INDEX IF EXISTS quality.window_results_segment_series_idx;
