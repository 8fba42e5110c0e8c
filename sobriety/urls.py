

app_name = "sobriety"

urlpatterns: list = []
