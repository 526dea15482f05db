-- 0005: PLACEHOLDER on the `models` branch only. The embed branch owns this number (vectors per
-- model); this empty stand-in keeps the migrations numbered 1..N so 0006 (the model library)
-- applies here. On merge, take the embed branch's file.
SELECT 1;
