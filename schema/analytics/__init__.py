"""Analytics, backend KPIs, the dashboard and systemStatus."""
