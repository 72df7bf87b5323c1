"""Analytics: hourly job rollups, the views over them, backend KPIs, the dashboard bundle."""
