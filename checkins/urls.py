

app_name = "checkins"

urlpatterns: list = []
